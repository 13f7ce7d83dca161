// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzemulator

import (
	"errors"
	"fmt"
	"time"
)

// Out-of-band access for tests: changes made as another admin (or the
// vendor's console) would make them, without going through HTTP and
// without touching the request counts.

// ErrNotFound is returned for an unknown key id.
var ErrNotFound = errors.New("boltzemulator: not found")

// Key is a snapshot of an API key.
type Key struct {
	ID   string
	Name string
	// Secret is the full key, set only in the Key returned by CreateAdminKey
	// and CreateWorkspaceKey: like the API, nothing returns it again.
	Secret      string
	KeyPrefix   string
	KeyType     string // "admin" or "workspace"
	WorkspaceID string // "" for admin keys (workspace_id null)
	AllowedIPs  []string
	Livemode    bool
	IsActive    bool // as of the snapshot, by the server's clock
	CreatedAt   time.Time
	ExpiresAt   *time.Time
	LastUsedAt  *time.Time
	RevokedAt   *time.Time // not part of the API; when it was revoked
}

func exportKey(k *key, now time.Time) Key {
	cp := func(t *time.Time) *time.Time {
		if t == nil {
			return nil
		}
		v := *t
		return &v
	}
	return Key{
		ID: k.id, Name: k.name, KeyPrefix: k.prefix, KeyType: k.keyType, WorkspaceID: k.workspaceID,
		AllowedIPs: append([]string{}, k.allowedIPs...), Livemode: k.live, IsActive: k.active(now),
		CreatedAt: k.createdAt, ExpiresAt: cp(k.expiresAt), LastUsedAt: cp(k.lastUsedAt), RevokedAt: cp(k.revokedAt),
	}
}

// KeySpec describes a key to create out of band. Zero values are the API's
// defaults: live mode, the default workspace, every IP, no expiry.
type KeySpec struct {
	Name          string
	WorkspaceID   string
	AllowedIPs    []string
	ExpiresInDays int
	Test          bool
}

// CreateAdminKey creates an admin key (which the API cannot do: "admin keys
// are made elsewhere"), the bootstrap credential of every test. Its Secret
// authenticates.
func (s *Server) CreateAdminKey(name string, test bool) Key {
	k, secret, e := s.createKey(keySpec{name: name, keyType: keyTypeAdmin, live: !test})
	if e != nil {
		panic("boltzemulator: creating an admin key cannot fail: " + e.msg)
	}
	out := exportKey(&k, k.createdAt)
	out.Secret = secret
	return out
}

// CreateWorkspaceKey creates a workspace key with the API's rules (the
// workspace must exist, names 1–255 characters, expiry 1–365 days,
// addresses only).
func (s *Server) CreateWorkspaceKey(spec KeySpec) (Key, error) {
	if n := len([]rune(spec.Name)); n < 1 || n > 255 {
		return Key{}, errors.New("boltzemulator: name must be 1–255 characters")
	}
	if spec.ExpiresInDays < 0 || spec.ExpiresInDays > 365 {
		return Key{}, errors.New("boltzemulator: ExpiresInDays must be 0 (never) or 1–365")
	}
	ks := keySpec{name: spec.Name, keyType: keyTypeWorkspace, workspaceID: spec.WorkspaceID,
		expiresInDays: spec.ExpiresInDays, live: !spec.Test}
	for _, ip := range spec.AllowedIPs {
		canon, msg := checkIP(ip)
		if msg != "" {
			return Key{}, fmt.Errorf("boltzemulator: allowed IP %q %s", ip, msg)
		}
		if s.ipsAsSent {
			canon = ip
		}
		ks.allowedIPs = append(ks.allowedIPs, canon)
	}
	k, secret, e := s.createKey(ks)
	if e != nil {
		return Key{}, errors.New("boltzemulator: " + e.msg)
	}
	out := exportKey(&k, k.createdAt)
	out.Secret = secret
	return out, nil
}

// RevokeKey revokes a key (admin or workspace) now; revoking it again keeps
// the first revocation time.
func (s *Server) RevokeKey(id string) error {
	if _, _, found := s.revokeKey(id); !found {
		return ErrNotFound
	}
	return nil
}

// ExpireKey moves a key's expires_at to now, so that it is inactive and no
// longer authenticates, as if its expiry had passed.
func (s *Server) ExpireKey(id string) error {
	st := &s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	k, ok := st.byID[id]
	if !ok {
		return ErrNotFound
	}
	now := s.now()
	k.expiresAt = &now
	return nil
}

// Key returns a snapshot of one key.
func (s *Server) Key(id string) (Key, bool) {
	st := &s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	k, ok := st.byID[id]
	if !ok {
		return Key{}, false
	}
	return exportKey(k, s.now()), true
}

// Keys returns snapshots of every key, revoked ones included, oldest first.
func (s *Server) Keys() []Key {
	st := &s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	now := s.now()
	out := make([]Key, len(st.keys))
	for i, k := range st.keys {
		out[i] = exportKey(k, now)
	}
	return out
}

// CreateWorkspace adds a workspace that keys can be created in. Creating
// one that exists is a no-op.
func (s *Server) CreateWorkspace(id string) error {
	if id == "" {
		return errors.New("boltzemulator: empty workspace id")
	}
	s.st.mu.Lock()
	s.st.workspaces[id] = true
	s.st.mu.Unlock()
	return nil
}

// HasWorkspace reports whether a workspace exists.
func (s *Server) HasWorkspace(id string) bool {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	return s.st.workspaces[id]
}
