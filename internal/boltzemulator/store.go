// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzemulator

import (
	"crypto/sha256"
	"net/http"
	"slices"
	"sort"
	"sync"
	"time"
)

const (
	keyTypeAdmin     = "admin"
	keyTypeWorkspace = "workspace"

	// The contract's key_prefix: "the first 12 characters of the secret".
	prefixLen = 12
)

type key struct {
	id          string
	name        string
	prefix      string
	keyType     string
	workspaceID string // "" for admin keys (workspace_id null)
	allowedIPs  []string
	live        bool
	createdAt   time.Time
	expiresAt   *time.Time
	lastUsedAt  *time.Time
	revokedAt   *time.Time
}

// active is the key's is_active: false once revoked and, a choice where the
// contract is silent, also once expired, since an expired key no longer
// authenticates either.
func (k *key) active(now time.Time) bool {
	return k.revokedAt == nil && (k.expiresAt == nil || now.Before(*k.expiresAt))
}

type store struct {
	mu         sync.Mutex
	keys       []*key // by id ascending, which is creation order
	byID       map[string]*key
	bySecret   map[[32]byte]*key // only hashes of secrets are kept
	workspaces map[string]bool
}

func (st *store) init() {
	st.byID = map[string]*key{}
	st.bySecret = map[[32]byte]*key{}
	st.workspaces = map[string]bool{DefaultWorkspaceID: true}
}

// keySpec is a validated create request.
type keySpec struct {
	name          string
	keyType       string
	workspaceID   string
	allowedIPs    []string
	expiresInDays int // 0 = never expires
	live          bool
}

// createKey returns a copy of the new key, taken under the lock: requests
// authenticating with it update the stored one concurrently. (Fields are
// only ever reassigned, never mutated in place, so a shallow copy is safe.)
func (s *Server) createKey(spec keySpec) (key, string, *apiError) {
	st := &s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	if spec.keyType == keyTypeWorkspace {
		if spec.workspaceID == "" {
			spec.workspaceID = DefaultWorkspaceID
		}
		if !st.workspaces[spec.workspaceID] {
			return key{}, "", errStatus(http.StatusNotFound, "Workspace "+spec.workspaceID+" not found")
		}
	}
	now := s.now()
	secret := newSecret(spec.keyType, spec.live)
	k := &key{
		id:          "key_" + s.ids.Next(now),
		name:        spec.name,
		prefix:      secret[:prefixLen],
		keyType:     spec.keyType,
		workspaceID: spec.workspaceID,
		allowedIPs:  append([]string{}, spec.allowedIPs...),
		live:        spec.live,
		createdAt:   now,
	}
	if spec.expiresInDays > 0 {
		// Exactly N×24 hours: the contract leaves rounding open, and an
		// exact answer is the one a client can check.
		at := now.Add(time.Duration(spec.expiresInDays) * 24 * time.Hour)
		k.expiresAt = &at
	}
	st.keys = append(st.keys, k)
	st.byID[k.id] = k
	st.bySecret[sha256.Sum256([]byte(secret))] = k
	return *k, secret, nil
}

// revokeKey revokes a key; already reports whether it had been revoked
// before (its revokedAt is kept, not moved).
func (s *Server) revokeKey(id string) (out apiKeyJSON, already, found bool) {
	st := &s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	k, ok := st.byID[id]
	if !ok {
		return apiKeyJSON{}, false, false
	}
	now := s.now()
	already = k.revokedAt != nil
	if !already {
		k.revokedAt = &now
	}
	return render(k, now), already, true
}

// page is one list page, newest first.
type page struct {
	items   []apiKeyJSON
	hasMore bool
}

// listKeys pages newest first: after_id continues towards older keys,
// before_id towards newer ones, returning the limit keys nearest the cursor;
// has_more says whether more keys lie further in the direction of travel.
func (s *Server) listKeys(workspace string, limit int, afterID, beforeID string) (page, *apiError) {
	st := &s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	pos := func(id, param string) (int, *apiError) {
		i := sort.Search(len(st.keys), func(i int) bool { return st.keys[i].id >= id })
		if i == len(st.keys) || st.keys[i].id != id {
			return 0, errStatus(http.StatusBadRequest, param+": no API key with id "+id)
		}
		return i, nil
	}
	keep := func(k *key) bool { return workspace == "" || k.workspaceID == workspace }
	var got []*key
	step, from := -1, len(st.keys)-1
	switch {
	case afterID != "":
		i, e := pos(afterID, "after_id")
		if e != nil {
			return page{}, e
		}
		from = i - 1
	case beforeID != "":
		i, e := pos(beforeID, "before_id")
		if e != nil {
			return page{}, e
		}
		step, from = 1, i+1
	}
	for i := from; i >= 0 && i < len(st.keys) && len(got) <= limit; i += step {
		if keep(st.keys[i]) {
			got = append(got, st.keys[i])
		}
	}
	p := page{hasMore: len(got) > limit}
	got = got[:min(len(got), limit)]
	if step == 1 {
		slices.Reverse(got)
	}
	now := s.now()
	p.items = make([]apiKeyJSON, len(got))
	for i, k := range got {
		p.items[i] = render(k, now)
	}
	return p, nil
}

// timeLayout renders RFC 3339 in UTC with microseconds, the precision of
// the Postgres timestamps such a server stores.
const timeLayout = "2006-01-02T15:04:05.000000Z07:00"

// apiKeyJSON is the contract's ApiKey object, fields in the contract's order.
type apiKeyJSON struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	KeyPrefix   string   `json:"key_prefix"`
	KeyType     string   `json:"key_type"`
	WorkspaceID *string  `json:"workspace_id"`
	AllowedIPs  []string `json:"allowed_ips"`
	Livemode    bool     `json:"livemode"`
	IsActive    bool     `json:"is_active"`
	CreatedAt   string   `json:"created_at"`
	ExpiresAt   *string  `json:"expires_at"`
	LastUsedAt  *string  `json:"last_used_at"`
}

func render(k *key, now time.Time) apiKeyJSON {
	out := apiKeyJSON{
		ID:         k.id,
		Name:       k.name,
		KeyPrefix:  k.prefix,
		KeyType:    k.keyType,
		AllowedIPs: append([]string{}, k.allowedIPs...),
		Livemode:   k.live,
		IsActive:   k.active(now),
		CreatedAt:  k.createdAt.Format(timeLayout),
		ExpiresAt:  fmtTime(k.expiresAt),
		LastUsedAt: fmtTime(k.lastUsedAt),
	}
	if k.workspaceID != "" {
		ws := k.workspaceID
		out.WorkspaceID = &ws
	}
	return out
}

func fmtTime(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.Format(timeLayout)
	return &s
}
