// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"github.com/xclade/terraform-provider-xclade/internal/emukit"

	"crypto/hmac"
	"crypto/rand"
	"crypto/sha512"
	"encoding/hex"
	"sort"
	"strings"
	"sync"
	"time"
)

// The tenant's data. One RWMutex guards everything: requests are short and
// the emulator favours obviously-correct over clever.

const (
	typeSecret      = "secret"
	typePublishable = "publishable"
)

var keyTypes = []string{typePublishable, typeSecret}

type apiKey struct {
	id    string
	title string
	typ   string
	// token is what the database holds: the raw token for publishable keys,
	// a one-way hash (128 hex chars) for secret keys, so that a secret is
	// never kept and the fields=id,token pitfall returns a hash as upstream.
	token     string
	redacted  string
	createdBy string
	revokedBy *string
	createdAt time.Time
	updatedAt time.Time
	revokedAt *time.Time
	channels  []string // sales channel ids, in link order
	// lower-cased title and redacted, for q (ILIKE) without per-request work
	titleLower, redactedLower string
}

func (k *apiKey) strCol(name string) (string, bool) {
	switch name {
	case "id":
		return k.id, true
	case "title":
		return k.title, true
	case "type":
		return k.typ, true
	case "token":
		return k.token, true
	case "redacted":
		return k.redacted, true
	case "created_by":
		return k.createdBy, true
	case "revoked_by":
		if k.revokedBy == nil {
			return "", false
		}
		return *k.revokedBy, true
	}
	return "", false
}

func (k *apiKey) timeCol(name string) (time.Time, bool) {
	switch name {
	case "created_at":
		return k.createdAt, true
	case "updated_at":
		return k.updatedAt, true
	case "revoked_at":
		if k.revokedAt == nil {
			return time.Time{}, false
		}
		return *k.revokedAt, true
	}
	return time.Time{}, false // last_used_at, deleted_at: always NULL
}

func (k *apiKey) boolCol(string) bool { return false }

// revokedBy reports whether the key counts as revoked at t (revoked_at in
// the past); a scheduled revocation does not count until it is due.
func (k *apiKey) revokedAtOrBefore(t time.Time) bool {
	return k.revokedAt != nil && !k.revokedAt.After(t)
}

type salesChannel struct {
	id          string
	name        string
	description *string
	isDisabled  bool
	metadata    any
	createdAt   time.Time
	updatedAt   time.Time
}

func (c *salesChannel) strCol(name string) (string, bool) {
	switch name {
	case "id":
		return c.id, true
	case "name":
		return c.name, true
	case "description":
		if c.description == nil {
			return "", false
		}
		return *c.description, true
	}
	return "", false
}

func (c *salesChannel) timeCol(name string) (time.Time, bool) {
	switch name {
	case "created_at":
		return c.createdAt, true
	case "updated_at":
		return c.updatedAt, true
	}
	return time.Time{}, false
}

func (c *salesChannel) boolCol(name string) bool { return name == "is_disabled" && c.isDisabled }

type user struct {
	id             string
	email          string
	password       string
	authIdentityID string
	createdAt      time.Time
	updatedAt      time.Time
}

type store struct {
	mu           sync.RWMutex
	keys         map[string]*apiKey
	keyList      []*apiKey // id order; ids are monotonic so creation appends
	bySecretHash map[string]*apiKey
	channels     map[string]*salesChannel
	channelList  []*salesChannel
	users        map[string]*user
}

func newStore() *store {
	return &store{
		keys:         map[string]*apiKey{},
		bySecretHash: map[string]*apiKey{},
		channels:     map[string]*salesChannel{},
		users:        map[string]*user{},
	}
}

// insertKey keeps keyList sorted even if a caller inserts out of order.
func (st *store) insertKey(k *apiKey) {
	st.keys[k.id] = k
	n := len(st.keyList)
	if n == 0 || st.keyList[n-1].id < k.id {
		st.keyList = append(st.keyList, k)
	} else {
		i := sort.Search(n, func(i int) bool { return st.keyList[i].id >= k.id })
		st.keyList = append(st.keyList, nil)
		copy(st.keyList[i+1:], st.keyList[i:])
		st.keyList[i] = k
	}
	if k.typ == typeSecret {
		st.bySecretHash[k.token] = k
	}
}

func (st *store) removeKey(k *apiKey) {
	delete(st.keys, k.id)
	if k.typ == typeSecret {
		delete(st.bySecretHash, k.token)
	}
	i := sort.Search(len(st.keyList), func(i int) bool { return st.keyList[i].id >= k.id })
	if i < len(st.keyList) && st.keyList[i] == k {
		st.keyList = append(st.keyList[:i], st.keyList[i+1:]...)
	}
}

// generateToken returns a raw token ("sk_"/"pk_" + 64 hex) and its redaction.
func generateToken(typ string) (raw, redacted string) {
	var b [32]byte
	emukit.RandomFill(b[:])
	prefix := "pk_"
	if typ == typeSecret {
		prefix = "sk_"
	}
	raw = prefix + hex.EncodeToString(b[:])
	return raw, redact(raw)
}

func redact(token string) string {
	if len(token) < 9 {
		return token[:min(6, len(token))] + "***"
	}
	return token[:6] + "***" + token[len(token)-3:]
}

func newSecret(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("emulator: crypto/rand failed: " + err.Error())
	}
	return b
}

// hashSecret is a keyed hash so that Basic authentication is a map lookup
// while the raw secret is never stored.
func hashSecret(key []byte, raw string) string {
	m := hmac.New(sha512.New, key)
	m.Write([]byte(raw))
	return hex.EncodeToString(m.Sum(nil))
}

func (st *store) channelNamesExist(ids []string) []string {
	var missing []string
	for _, id := range ids {
		if _, ok := st.channels[id]; !ok && !contains(missing, id) {
			missing = append(missing, id)
		}
	}
	return missing
}

func missingChannelsError(missing []string) *apiError {
	return invalidData("Sales channels with IDs " + strings.Join(missing, ", ") + " do not exist")
}

func (k *apiKey) lowerCol(name string) (string, bool) {
	switch name {
	case "title":
		return k.titleLower, true
	case "redacted":
		return k.redactedLower, true
	}
	return "", false
}
