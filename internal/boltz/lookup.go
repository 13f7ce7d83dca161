// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltz

import (
	"context"
	"time"
)

// The API has no get: a read lists keys until its id appears. The reads of a
// refresh share one listing of every key, never older than listingMaxAge nor
// than this client's own last write, so a refresh of N keys costs
// ceil(keys / PageSize) requests. DESIGN.md, "Coalesced reads".
const (
	listingIdle   = 5 * time.Second
	listingMaxAge = 2 * time.Minute
	// listingTimeout bounds a listing: it runs detached from the first
	// reader, because it serves all of them.
	listingTimeout = 5 * time.Minute
)

type listing struct {
	writes   uint64
	started  time.Time
	lastRead time.Time
	done     chan struct{} // closed when keys and err are final
	keys     map[string]*APIKey
	err      error
}

func (l *listing) failed() bool {
	select {
	case <-l.done:
		return l.err != nil
	default:
		return false
	}
}

// Lookup reads one key. A key that is not in the list, read in full, gives
// an error for which IsNotFound is true; a listing that failed, whatever
// its status, gives its own error: it proves nothing about the key.
func (c *Client) Lookup(ctx context.Context, id string) (*APIKey, error) {
	c.mu.Lock()
	now := time.Now()
	l := c.listing
	if l == nil || l.writes != c.writes || now.Sub(l.started) > listingMaxAge || now.Sub(l.lastRead) > listingIdle || l.failed() {
		l = &listing{writes: c.writes, started: now, done: make(chan struct{})}
		c.listing = l
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), listingTimeout)
		go func() {
			defer cancel()
			l.fill(lctx, c)
		}()
	}
	l.lastRead = now
	c.mu.Unlock()
	select {
	case <-l.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if l.err != nil {
		return nil, l.err
	}
	k, ok := l.keys[id]
	if !ok {
		return nil, &NotFoundError{ID: id}
	}
	cp := *k
	cp.AllowedIPs = append([]string(nil), k.AllowedIPs...)
	return &cp, nil
}

func (l *listing) fill(ctx context.Context, c *Client) {
	defer close(l.done)
	keys := map[string]*APIKey{}
	l.err = c.eachPage(ctx, "", func(fresh []APIKey) bool {
		for i := range fresh {
			keys[fresh[i].ID] = &fresh[i]
		}
		return true
	})
	l.keys = keys
}

// find reads one key from a listing of its own, taken now: for a check
// that must not be served by a listing older than the question. It stops
// at the page that holds the key; nil (and no error) means the listing,
// read in full, does not hold it.
func (c *Client) find(ctx context.Context, id string) (*APIKey, error) {
	var found *APIKey
	err := c.eachPage(ctx, "", func(fresh []APIKey) bool {
		for i := range fresh {
			if fresh[i].ID == id {
				found = &fresh[i]
				return false
			}
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	return found, nil
}
