// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package xclade

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Read coalescing, the client's speed machinery, all of it in this file:
// GetAPIKeyBatched serves a refresh's per-key reads from shared batches and
// snapshots of the tenant, a few list requests for the whole estate, never
// older than the run of reads it serves nor than this process's own writes.
// DESIGN.md, "Coalesced reads", says how.

// Batch and snapshot sizes, measured by make bench (DESIGN.md, "The
// numbers").
const (
	maxBatchIDs          = 100
	snapshotPageSize     = 1000
	snapshotMinReads     = 16
	readsPerSnapshotPage = 2
	// maxSnapshotPages bounds a snapshot's memory (about 0.5 KiB a key,
	// 50 MiB at the bound); reads of a larger tenant are batched.
	maxSnapshotPages = 100
	snapshotFetchers = 4
)

// Read coalescing modes (ReadCoalescing.Mode).
const (
	CoalescingOn        = ""           // batches and snapshots (the default)
	CoalescingBatchOnly = "batch-only" // batches, no snapshots
	CoalescingOff       = "off"        // GetAPIKeyBatched is GetAPIKey
)

// ReadCoalescing tunes GetAPIKeyBatched. The zero value is the default,
// measured by make bench; zero durations take the defaults below.
type ReadCoalescing struct {
	// Mode is CoalescingOn, CoalescingBatchOnly or CoalescingOff.
	Mode string
	// BatchWindow is how long a read waits for others to share its request.
	BatchWindow time.Duration
	// SnapshotIdle ends a snapshot when no read has come for this long.
	SnapshotIdle time.Duration
	// SnapshotMaxAge ends a snapshot this long after it began, whatever the
	// reads: with SnapshotIdle, the bound on how old an answer can be.
	SnapshotMaxAge time.Duration
}

// Defaults of ReadCoalescing.
const (
	DefaultBatchWindow    = 10 * time.Millisecond
	DefaultSnapshotIdle   = 5 * time.Second
	DefaultSnapshotMaxAge = 5 * time.Minute
)

func (rc *ReadCoalescing) validate() error {
	switch rc.Mode {
	case CoalescingOn, CoalescingBatchOnly, CoalescingOff:
	default:
		return fmt.Errorf("read coalescing mode %q is not one of %q, %q, %q", rc.Mode, CoalescingOn, CoalescingBatchOnly, CoalescingOff)
	}
	if rc.BatchWindow < 0 || rc.SnapshotIdle < 0 || rc.SnapshotMaxAge < 0 {
		return errors.New("read coalescing durations must not be negative")
	}
	rc.BatchWindow = cmp.Or(rc.BatchWindow, DefaultBatchWindow)
	rc.SnapshotIdle = cmp.Or(rc.SnapshotIdle, DefaultSnapshotIdle)
	rc.SnapshotMaxAge = cmp.Or(rc.SnapshotMaxAge, DefaultSnapshotMaxAge)
	return nil
}

// readCoalescer is the state of GetAPIKeyBatched; its zero value is ready.
type readCoalescer struct {
	now func() time.Time // nil: time.Now (tests set a fake clock)

	mu sync.Mutex
	// seq numbers the starts and ends of writes; written holds, per key, the
	// number of the latest start or end of a write to it, and retired that
	// of a write whose key is unknown. Entries at or below floor were
	// dropped when a snapshot began after them: snapshots older than floor
	// answer nothing.
	seq, retired, floor uint64
	written             map[string]uint64

	pending  *readBatch   // collecting ids, not sent yet
	snap     *keySnapshot // the latest snapshot, complete or being fetched
	demand   int          // reads since the latest snapshot began
	estPages int          // pages a snapshot takes, from the last count seen; 0: unknown
	disabled bool         // the list endpoint refused a batch: plain GETs only
}

func (r *readCoalescer) clock() time.Time {
	if r.now != nil {
		return r.now()
	}
	return time.Now()
}

// noteWrite is called by do for every call and returns what do defers: a
// write is noted when it starts and when it ends.
func (r *readCoalescer) noteWrite(method, path string) func() {
	if method == http.MethodGet || method == http.MethodHead {
		return func() {}
	}
	id, scope := writeTarget(path)
	if scope == writesNoKey {
		return func() {}
	}
	note := func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.seq++
		if scope == writesAll {
			r.retired = r.seq
			return
		}
		if r.written == nil {
			r.written = map[string]uint64{}
		}
		r.written[id] = r.seq
	}
	note()
	return note
}

const (
	writesKey   = iota // one key, named by the path
	writesNoKey        // no existing key changes
	writesAll          // unknown: any key may change
)

// writeTarget is the key a write changes, from its escaped path.
func writeTarget(path string) (string, int) {
	switch {
	case path == "/admin/api-keys", path == "/admin/sales-channels", strings.HasPrefix(path, "/auth/"):
		return "", writesNoKey
	}
	rest, ok := strings.CutPrefix(path, "/admin/api-keys/")
	if !ok {
		return "", writesAll
	}
	seg, sub, _ := strings.Cut(rest, "/")
	switch sub {
	case "", "revoke", "sales-channels":
	default:
		return "", writesAll
	}
	id, err := url.PathUnescape(seg)
	if err != nil || id == "" {
		return "", writesAll
	}
	return id, writesKey
}

// GetAPIKeyBatched is GetAPIKey for callers that read many keys at once, such
// as a Terraform refresh: concurrent reads are served by a few list requests
// instead of one GET each. Results and errors are GetAPIKey's (a gone key
// gives an error for which IsNotFound is true).
func (c *Client) GetAPIKeyBatched(ctx context.Context, id string) (*APIKey, error) {
	r := &c.reads
	if c.cfg.ReadCoalescing.Mode == CoalescingOff || !batchableID(id) || r.isDisabled() {
		return c.GetAPIKey(ctx, id)
	}
	if err := ctx.Err(); err != nil {
		return nil, readCanceled(id, err)
	}
	if s := r.snapshotFor(ctx, c); s != nil {
		select {
		case <-s.done:
		case <-ctx.Done():
			return nil, readCanceled(id, ctx.Err())
		}
		if k, complete, ok := r.answer(s, id); ok {
			if k != nil {
				return k.clone(), nil
			}
			if complete {
				return c.GetAPIKey(ctx, id) // not in the snapshot: confirm it is gone
			}
		}
	}
	return r.viaBatch(ctx, c, id)
}

func readCanceled(id string, err error) error {
	return fmt.Errorf("%s %s: %w", http.MethodGet, keyPath(id), err)
}

// batchableID keeps ids that could mean something else in a query string or
// a path (empty, slashes, odd characters) on the plain GET path.
func batchableID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		switch b := id[i]; {
		case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z', b >= '0' && b <= '9', b == '_', b == '-':
		default:
			return false
		}
	}
	return true
}

func (r *readCoalescer) isDisabled() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.disabled
}

// listFailed switches coalescing off when the list endpoint refuses the
// query itself, as a proxy that allows only single-key reads might.
func (r *readCoalescer) listFailed(ctx context.Context, c *Client, err error) {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return
	}
	switch apiErr.StatusCode {
	case http.StatusBadRequest, http.StatusForbidden, http.StatusNotFound, http.StatusMethodNotAllowed:
		r.mu.Lock()
		r.disabled = true
		r.mu.Unlock()
		c.logf(ctx, "xclade API refused a list of keys by id; reading keys one by one", map[string]any{"status": apiErr.StatusCode})
	}
}

type keySnapshot struct {
	seq     uint64    // the write sequence when it began
	started time.Time // its pages were all requested after this
	demand  int       // reads that paid for it
	done    chan struct{}

	lastRead time.Time // guarded by readCoalescer.mu

	// Final when done is closed:
	keys map[string]*APIKey
	// complete is true when every page was fetched: a key not in keys is
	// then probably gone (still confirmed by GET).
	complete bool
	err      error
}

func (s *keySnapshot) finished() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// usable reports whether s may still serve reads at now. r.mu is held.
func (r *readCoalescer) usable(c *Client, s *keySnapshot, now time.Time) bool {
	rc := c.cfg.ReadCoalescing
	if s.finished() && s.err != nil {
		return false
	}
	return now.Sub(s.lastRead) <= rc.SnapshotIdle && now.Sub(s.started) <= rc.SnapshotMaxAge &&
		s.seq >= r.floor && r.retired <= s.seq
}

// answer is s's answer for id once s is done: the key (nil if s lacks it),
// whether s is complete, and whether s may answer for id at all (no write
// to it since s began).
func (r *readCoalescer) answer(s *keySnapshot, id string) (k *APIKey, complete, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if s.err != nil || s.seq < r.floor || r.retired > s.seq || r.written[id] > s.seq {
		return nil, false, false
	}
	return s.keys[id], s.complete, true
}

// snapshotFor counts the read and returns the snapshot that may serve it, if
// any, starting one when the reads made since the last one pay for it.
func (r *readCoalescer) snapshotFor(ctx context.Context, c *Client) *keySnapshot {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.demand++
	now := r.clock()
	need := max(snapshotMinReads, max(r.estPages, 1)*readsPerSnapshotPage)
	s := r.snap
	if s != nil && r.usable(c, s, now) {
		s.lastRead = now
		// A partial snapshot (the first page, taken before the tenant's size
		// was known) gives way to a whole one as soon as the reads pay for it.
		if !s.finished() || s.complete || r.demand < need || r.estPages > maxSnapshotPages {
			return s
		}
	} else {
		s = nil
	}
	if c.cfg.ReadCoalescing.Mode == CoalescingBatchOnly || r.estPages > maxSnapshotPages || r.demand < need {
		return s
	}
	ns := &keySnapshot{seq: r.seq, started: now, lastRead: now, demand: r.demand, done: make(chan struct{})}
	r.snap, r.demand = ns, 0
	// Writes noted before ns began cannot make it wrong; older snapshots,
	// which they could, answer nothing from now on.
	for id, seq := range r.written {
		if seq <= ns.seq {
			delete(r.written, id)
		}
	}
	r.floor = ns.seq
	// The snapshot serves every read that arrives while it is fetched, so
	// the first reader's cancellation must not end it.
	go ns.fill(context.WithoutCancel(ctx), c, r)
	return ns
}

// fill fetches the first page, learns the tenant's size from its count, and
// fetches the other pages in parallel if the reads made so far pay for them.
// Pages are by offset in id order: a key deleted between two pages may shift
// another out of sight, which the confirming GET then finds.
func (s *keySnapshot) fill(ctx context.Context, c *Client, r *readCoalescer) {
	defer close(s.done)
	first, err := c.ListAPIKeys(ctx, ListParams{Order: "id", Limit: snapshotPageSize})
	if err != nil {
		s.err = err
		r.listFailed(ctx, c, err)
		return
	}
	s.keys = make(map[string]*APIKey, max(first.Count, len(first.APIKeys)))
	for i := range first.APIKeys {
		s.keys[first.APIKeys[i].ID] = &first.APIKeys[i]
	}
	if len(first.APIKeys) >= first.Count {
		s.complete = true
		r.setPages(1)
		return
	}
	// A server (or proxy) that caps the page size is paged at its size.
	pageSize := snapshotPageSize
	if len(first.APIKeys) < pageSize {
		pageSize = max(len(first.APIKeys), 1)
	}
	pages := (first.Count + pageSize - 1) / pageSize
	// The reads that arrived while the first page was fetched wait for this
	// snapshot: they help pay for it.
	paid := s.demand + r.setPages(pages)
	if pages > maxSnapshotPages || paid < pages*readsPerSnapshotPage {
		return // partial: first page only, other keys are batched until the reads pay for all
	}
	results := make([]*APIKeyList, pages)
	errs := make([]error, pages)
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(snapshotFetchers, pages-1) {
		wg.Go(func() {
			for p := range next {
				results[p], errs[p] = c.ListAPIKeys(ctx, ListParams{Order: "id", Limit: pageSize, Offset: p * pageSize})
			}
		})
	}
	for p := 1; p < pages; p++ {
		next <- p
	}
	close(next)
	wg.Wait()
	s.complete = true
	for p := 1; p < pages; p++ {
		if errs[p] != nil {
			s.complete = false // the keys fetched are still good
			continue
		}
		for i := range results[p].APIKeys {
			k := &results[p].APIKeys[i]
			s.keys[k.ID] = k
		}
	}
}

// setPages records the tenant's size in pages and returns the reads made
// since the latest snapshot began.
func (r *readCoalescer) setPages(pages int) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.estPages = pages
	return r.demand
}

type readBatch struct {
	ids     []string
	in      map[string]bool
	waiters int
	sent    bool
	ctx     context.Context
	cancel  context.CancelFunc
	done    chan struct{} // closed when the fields below are final
	keys    map[string]*APIKey
	errs    map[string]error // a batch of one id keeps its GET's error
	err     error            // the list request failed
}

func (r *readCoalescer) viaBatch(ctx context.Context, c *Client, id string) (*APIKey, error) {
	r.mu.Lock()
	b := r.pending
	if b == nil {
		// Detached from the first reader: the batch serves all its readers,
		// and is cancelled when every one of them has given up.
		bctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		b = &readBatch{in: map[string]bool{}, ctx: bctx, cancel: cancel, done: make(chan struct{})}
		r.pending = b
		time.AfterFunc(c.cfg.ReadCoalescing.BatchWindow, func() { r.send(c, b) })
	}
	if !b.in[id] {
		b.in[id] = true
		b.ids = append(b.ids, id)
	}
	b.waiters++
	full := len(b.ids) >= maxBatchIDs
	r.mu.Unlock()
	if full {
		r.send(c, b)
	}

	select {
	case <-b.done:
	case <-ctx.Done():
		r.leave(b)
		return nil, readCanceled(id, ctx.Err())
	}
	switch {
	case b.err != nil:
		return c.GetAPIKey(ctx, id) // the list failed: this read's own GET decides
	case b.errs[id] != nil:
		return nil, b.errs[id]
	case b.keys[id] != nil:
		return b.keys[id].clone(), nil
	}
	return c.GetAPIKey(ctx, id) // not in the answer: confirm it is gone
}

// leave takes a reader that gave up out of b; the last one out cancels it.
func (r *readCoalescer) leave(b *readBatch) {
	r.mu.Lock()
	defer r.mu.Unlock()
	b.waiters--
	if b.waiters > 0 {
		return
	}
	if !b.sent {
		b.sent = true // nobody left to send it for
		if r.pending == b {
			r.pending = nil
		}
		close(b.done)
	}
	b.cancel()
}

// send fetches b's ids, once, when its window ends or it is full.
func (r *readCoalescer) send(c *Client, b *readBatch) {
	r.mu.Lock()
	if b.sent {
		r.mu.Unlock()
		return
	}
	b.sent = true
	if r.pending == b {
		r.pending = nil
	}
	ids := b.ids
	r.mu.Unlock()
	defer close(b.done)
	defer b.cancel()

	if len(ids) == 1 {
		// Nothing to coalesce: the GET itself says whether the key is gone.
		k, err := c.GetAPIKey(b.ctx, ids[0])
		if err != nil {
			b.errs = map[string]error{ids[0]: err}
			return
		}
		b.keys = map[string]*APIKey{ids[0]: k}
		return
	}
	list, err := c.ListAPIKeys(b.ctx, ListParams{Filter: Filter{IDs: ids}, Order: "id", Limit: len(ids)})
	if err != nil {
		b.err = err
		r.listFailed(b.ctx, c, err)
		return
	}
	b.keys = make(map[string]*APIKey, len(list.APIKeys))
	for i := range list.APIKeys {
		if k := &list.APIKeys[i]; b.in[k.ID] {
			b.keys[k.ID] = k
		}
	}
}

// clone copies k deeply enough that callers may change the copy: answers
// are shared by every read they serve.
func (k *APIKey) clone() *APIKey {
	cp := *k
	cp.SalesChannels = slices.Clone(k.SalesChannels) // keeps nil and empty apart
	if k.LastUsedAt != nil {
		t := *k.LastUsedAt
		cp.LastUsedAt = &t
	}
	if k.RevokedAt != nil {
		t := *k.RevokedAt
		cp.RevokedAt = &t
	}
	if k.RevokedBy != nil {
		s := *k.RevokedBy
		cp.RevokedBy = &s
	}
	return &cp
}
