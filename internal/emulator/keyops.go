// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"strings"
	"time"
)

// Operations on API keys shared by the HTTP handlers and the out-of-band
// API. They take the store lock themselves and return snapshots, so callers
// can render without holding it.

const alreadyRevokedMsg = "There are 1 secret keys that are already revoked."

func (k *apiKey) snapshot() *apiKey {
	cp := *k
	cp.channels = append([]string(nil), k.channels...)
	return &cp
}

func (s *Server) createKey(title, typ, createdBy string) (*apiKey, string, *apiError) {
	raw, red := generateToken(typ)
	stored := raw
	if typ == typeSecret {
		stored = hashSecret(s.hashKey, raw)
	}
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	now := s.now()
	if s.singleActiveSecret && typ == typeSecret {
		for _, k := range s.st.keyList {
			if k.typ == typeSecret && (k.revokedAt == nil || k.revokedAt.After(now)) {
				return nil, "", invalidData("You can only have one active secret key a time. Revoke or delete your existing key before creating a new one.")
			}
		}
	}
	k := &apiKey{
		id:            "apk_" + s.ids.Next(now),
		title:         title,
		typ:           typ,
		token:         stored,
		redacted:      red,
		createdBy:     createdBy,
		createdAt:     now,
		updatedAt:     now,
		titleLower:    strings.ToLower(title),
		redactedLower: strings.ToLower(red),
	}
	s.st.insertKey(k)
	return k.snapshot(), raw, nil
}

// renameKey returns nil for an unknown id. Like MikroORM, it only writes
// (and bumps updated_at) when the title actually changes.
func (s *Server) renameKey(id, title string) *apiKey {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	k, ok := s.st.keys[id]
	if !ok {
		return nil
	}
	if k.title != title {
		k.title = title
		k.titleLower = strings.ToLower(title)
		k.updatedAt = s.now()
	}
	return k.snapshot()
}

// revokeKey sets revoked_at to when(now). An unknown id is not an error (nil
// key), matching the 200 {} of the real endpoint.
func (s *Server) revokeKey(id, by string, when func(now time.Time) (time.Time, bool)) (*apiKey, *apiError) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	k, ok := s.st.keys[id]
	if !ok {
		return nil, nil
	}
	now := s.now()
	if k.typ == typeSecret {
		if (s.singleActiveSecret && k.revokedAt != nil) || k.revokedAtOrBefore(now) {
			return nil, invalidData(alreadyRevokedMsg)
		}
	}
	at, valid := when(now)
	if !valid {
		return nil, unknownError()
	}
	k.revokedAt = &at
	byCopy := by
	k.revokedBy = &byCopy
	k.updatedAt = now
	return k.snapshot(), nil
}

func (s *Server) deleteKey(id string, force bool) *apiError {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	k, ok := s.st.keys[id]
	if !ok {
		return nil
	}
	if !force && !k.revokedAtOrBefore(s.now()) {
		return notAllowed("Cannot delete api keys that are not revoked - " + k.id)
	}
	s.st.removeKey(k)
	return nil
}

// linkChannels adds and removes sales channel links. It does not touch
// updated_at: links live in a separate table.
func (s *Server) linkChannels(id string, add, remove []string) *apiError {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	if missing := s.st.channelNamesExist(add); len(missing) > 0 {
		return missingChannelsError(missing)
	}
	k, ok := s.st.keys[id]
	if !ok {
		// Upstream dereferences the missing key: a TypeError, hence 500.
		return unknownError()
	}
	if k.typ != typePublishable {
		return invalidData("Sales channels can only be associated with publishable API keys")
	}
	for _, ch := range add {
		if !contains(k.channels, ch) {
			k.channels = append(k.channels, ch)
		}
	}
	if len(remove) > 0 {
		kept := k.channels[:0]
		for _, ch := range k.channels {
			if !contains(remove, ch) {
				kept = append(kept, ch)
			}
		}
		k.channels = kept
	}
	return nil
}

func (s *Server) createChannel(name string, desc *string, disabled bool, metadata any) *salesChannel {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	now := s.now()
	ch := &salesChannel{
		id:          "sc_" + s.ids.Next(now),
		name:        name,
		description: desc,
		isDisabled:  disabled,
		metadata:    metadata,
		createdAt:   now,
		updatedAt:   now,
	}
	s.st.channels[ch.id] = ch
	s.st.channelList = append(s.st.channelList, ch)
	return ch
}
