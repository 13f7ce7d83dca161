// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"errors"
	"time"
)

// Out-of-band access for tests: changes made as if another admin used the
// API (same rules, actor = the seeded admin), without going through HTTP.

// ErrNotFound is returned for an unknown key or sales channel id.
var ErrNotFound = errors.New("emulator: not found")

// Key is a snapshot of an API key.
type Key struct {
	ID    string
	Title string
	Type  string // "secret" or "publishable"
	// Token is the raw token for publishable keys; for secret keys it is
	// "" except in the Key returned by CreateKey (the only time it exists).
	Token           string
	Redacted        string
	CreatedBy       string
	RevokedBy       *string
	CreatedAt       time.Time
	UpdatedAt       time.Time
	RevokedAt       *time.Time
	SalesChannelIDs []string
}

func exportKey(k *apiKey) Key {
	out := Key{
		ID: k.id, Title: k.title, Type: k.typ, Redacted: k.redacted, CreatedBy: k.createdBy,
		CreatedAt: k.createdAt, UpdatedAt: k.updatedAt,
		SalesChannelIDs: append([]string{}, k.channels...),
	}
	if k.typ == typePublishable {
		out.Token = k.token
	}
	if k.revokedBy != nil {
		by := *k.revokedBy
		out.RevokedBy = &by
	}
	if k.revokedAt != nil {
		at := *k.revokedAt
		out.RevokedAt = &at
	}
	return out
}

// CreateKey creates a key as the admin user. The returned Key carries the
// raw token even for a secret key (use it for Basic authentication). With
// WithSingleActiveSecretKey the one-active-secret-key rule applies.
func (s *Server) CreateKey(title, typ string) (Key, error) {
	if typ != typeSecret && typ != typePublishable {
		return Key{}, errors.New("emulator: key type must be \"secret\" or \"publishable\"")
	}
	k, raw, e := s.createKey(title, typ, s.adminID)
	if e != nil {
		return Key{}, e
	}
	out := exportKey(k)
	out.Token = raw
	return out, nil
}

// Key returns a snapshot of one key.
func (s *Server) Key(id string) (Key, bool) {
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	k, ok := s.st.keys[id]
	if !ok {
		return Key{}, false
	}
	return exportKey(k), true
}

// Keys returns snapshots of all keys in id (= creation) order.
func (s *Server) Keys() []Key {
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	out := make([]Key, 0, len(s.st.keyList))
	for _, k := range s.st.keyList {
		out = append(out, exportKey(k))
	}
	return out
}

// RenameKey changes a key's title (bumping updated_at if it changed).
func (s *Server) RenameKey(id, title string) error {
	if s.renameKey(id, title) == nil {
		return ErrNotFound
	}
	return nil
}

// RevokeKey revokes a key now (in <= 0) or schedules it in the future, with
// the API's rules (a secret key already revoked cannot be revoked again).
func (s *Server) RevokeKey(id string, in time.Duration) error {
	k, e := s.revokeKey(id, s.adminID, func(now time.Time) (time.Time, bool) {
		if in <= 0 {
			return now, true
		}
		return now.Add(in).Truncate(time.Millisecond), true
	})
	if e != nil {
		return e
	}
	if k == nil {
		return ErrNotFound
	}
	return nil
}

// DeleteKey hard-deletes a key whether or not it is revoked.
func (s *Server) DeleteKey(id string) error {
	s.st.mu.RLock()
	_, ok := s.st.keys[id]
	s.st.mu.RUnlock()
	if !ok {
		return ErrNotFound
	}
	if e := s.deleteKey(id, true); e != nil {
		return e
	}
	return nil
}

// CreateSalesChannel creates a sales channel and returns its id.
func (s *Server) CreateSalesChannel(name string) (string, error) {
	return s.createChannel(name, nil, false, nil).id, nil
}

// SetKeySalesChannels links and unlinks sales channels with the API's rules
// (publishable keys only, existing channels only).
func (s *Server) SetKeySalesChannels(id string, add, remove []string) error {
	s.st.mu.RLock()
	_, ok := s.st.keys[id]
	s.st.mu.RUnlock()
	if !ok {
		return ErrNotFound
	}
	if e := s.linkChannels(id, add, remove); e != nil {
		return e
	}
	return nil
}

// DefaultSalesChannelID returns the id of the seeded "Default Sales Channel".
func (s *Server) DefaultSalesChannelID() string { return s.defaultChannelID }

// AdminUserID returns the seeded admin user's id (created_by of its keys).
func (s *Server) AdminUserID() string { return s.adminID }
