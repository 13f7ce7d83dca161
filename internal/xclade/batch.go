package xclade

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Coalesced reads of single keys.
//
// Terraform refreshes every resource with its own read, at most -parallelism
// (default 10) at once, so a refresh of N keys costs N requests with
// GetAPIKey. GetAPIKeyBatched answers the same question with far fewer:
//
//   - Batches. A read waits batchWindow for other reads to arrive; the ids
//     collected are fetched with one GET /admin/api-keys?id[]=…&limit=n, at
//     most maxBatchIDs ids a request. A batch of one id is sent as a plain
//     GET. Batching alone is bounded by the caller's parallelism: about N/10
//     requests for a Terraform refresh.
//   - Snapshots. When the process has made enough reads since the last
//     snapshot began (snapshotMinReads, and readsPerSnapshotPage for every
//     page a snapshot costs), the next read takes a snapshot of all the
//     tenant's keys, snapshotPageSize a request in id order, and reads are
//     served from it for snapshotTTL. A snapshot is only ever paid for by
//     reads already made, so it never costs more than 1/readsPerSnapshotPage
//     of a request per read. A tenant with more than maxSnapshotPages pages
//     is not snapshotted (beyond the first page that revealed its size):
//     its reads are batched.
//
// The contract is GetAPIKey's:
//
//   - A key missing from a batch or from a complete snapshot is confirmed
//     gone by GetAPIKey before it is reported not found.
//   - Every write (any call through do other than GET or HEAD) advances a
//     generation counter when it starts and again when it ends. A read takes
//     the generation when it begins and is served only by a snapshot taken in
//     that same generation, so a snapshot never serves a read that began after
//     a write completed, nor a read that overlaps a write that began after the
//     snapshot did. Batches need no such check: a batch is sent after every
//     read in it began, so its answer is as fresh as a GET's. Writes are never
//     batched.
//   - List answers use the default fields, as GET does, so a secret key's
//     token is "" in both and a publishable key's token is its full value.
//   - When a list request fails, each read in it falls back to GetAPIKey, so
//     errors are exactly GetAPIKey's. A list endpoint that refuses the query
//     (400, 403, 404, 405) switches coalescing off for the client.
//
// The numbers come from real Terraform runs against the emulator (make
// bench, bench/results.md; the window sweep is make bench BENCH_N=300
// BENCH_ARGS="-keys 0 -windows 2ms,10ms,50ms"). Terraform's reads do not
// arrive ten at a time: its own per-resource work spaces them out, a few
// milliseconds apart on two cores. With batches only, refreshing 300 keys
// took 216 requests with a 2 ms window, 156 with 10 ms and 75 with 50 ms,
// with no change of the wall time beyond the noise, so batches wait 10 ms.
// Snapshots do the rest: after 16 reads a refresh of 1,000 keys costs a few
// batches plus two pages per snapshot, and a 10 s snapshot lifetime keeps
// that near ten requests for a refresh that takes half a minute, while
// bounding how old an answer can be.
const (
	batchWindow          = 10 * time.Millisecond
	maxBatchIDs          = 100
	snapshotPageSize     = 1000
	snapshotTTL          = 10 * time.Second
	snapshotMinReads     = 16
	readsPerSnapshotPage = 16
	maxSnapshotPages     = 20
	snapshotFetchers     = 4
)

// Build-time switches for measurements (make bench), set with
//
//	go build -ldflags "-X github.com/xclade/terraform-provider-xclade/internal/xclade.coalescing=off"
//
// coalescing "off" makes GetAPIKeyBatched a plain GetAPIKey, "batch-only"
// takes no snapshots; coalesceWindow replaces batchWindow (e.g. "5ms").
var (
	coalescing     = "on"
	coalesceWindow = ""
)

var window = sync.OnceValue(func() time.Duration {
	if d, err := time.ParseDuration(coalesceWindow); err == nil && d > 0 {
		return d
	}
	return batchWindow
})

// readCoalescer is the state of GetAPIKeyBatched; its zero value is ready.
type readCoalescer struct {
	gen atomic.Uint64 // write generation, see noteWrite

	mu       sync.Mutex
	pending  *readBatch   // collecting ids, not sent yet
	snap     *keySnapshot // the latest snapshot, complete or being fetched
	demand   int          // reads since the latest snapshot began
	estPages int          // pages a snapshot takes, from the last count seen; 0: unknown
	disabled bool         // the list endpoint refused a batch: plain GETs only
}

// noteWrite is called by do for every call and returns what do defers. A
// write (any method but GET and HEAD) advances the generation when it starts
// and when it ends, which retires every snapshot taken before.
func (r *readCoalescer) noteWrite(method string) func() {
	if method == http.MethodGet || method == http.MethodHead {
		return func() {}
	}
	r.gen.Add(1)
	return func() { r.gen.Add(1) }
}

// GetAPIKeyBatched is GetAPIKey for callers that read many keys at once, such
// as a Terraform refresh: concurrent reads are served by a few list requests
// instead of one GET each. Results and errors are GetAPIKey's (a gone key
// gives an error for which IsNotFound is true).
func (c *Client) GetAPIKeyBatched(ctx context.Context, id string) (*APIKey, error) {
	r := &c.reads
	if coalescing == "off" || !batchableID(id) || r.isDisabled() {
		return c.GetAPIKey(ctx, id)
	}
	if err := ctx.Err(); err != nil {
		return nil, readCanceled(id, err)
	}
	gen := r.gen.Load()
	if s := r.snapshotFor(ctx, c, gen); s != nil {
		select {
		case <-s.done:
		case <-ctx.Done():
			return nil, readCanceled(id, ctx.Err())
		}
		if k, ok := s.keys[id]; ok {
			return k.clone(), nil
		}
		if s.complete {
			return c.GetAPIKey(ctx, id) // not in the snapshot: confirm it is gone
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

// ---------- snapshots ----------

type keySnapshot struct {
	gen     uint64
	started time.Time
	demand  int           // reads that paid for it
	done    chan struct{} // closed when the fields below are final
	keys    map[string]*APIKey
	// complete is true when every page was fetched: a key not in keys is
	// then probably gone (still confirmed by GET).
	complete bool
	err      error
}

func (s *keySnapshot) failed() bool {
	select {
	case <-s.done:
		return s.err != nil
	default:
		return false
	}
}

// snapshotFor counts the read and returns the snapshot that may serve it, if
// any, starting one when enough reads have paid for it.
func (r *readCoalescer) snapshotFor(ctx context.Context, c *Client, gen uint64) *keySnapshot {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.demand++
	now := time.Now()
	if s := r.snap; s != nil && s.gen == gen && now.Sub(s.started) < snapshotTTL && !s.failed() {
		return s
	}
	pages := max(r.estPages, 1)
	if coalescing == "batch-only" || pages > maxSnapshotPages || r.demand < max(snapshotMinReads, pages*readsPerSnapshotPage) || r.gen.Load() != gen {
		return nil
	}
	s := &keySnapshot{gen: gen, started: now, demand: r.demand, done: make(chan struct{})}
	r.snap, r.demand = s, 0
	// The snapshot serves every read that arrives while it is fetched, so
	// the first reader's cancellation must not end it.
	go s.fill(context.WithoutCancel(ctx), c, r)
	return s
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
	pages := max((first.Count+snapshotPageSize-1)/snapshotPageSize, 1)
	r.mu.Lock()
	r.estPages = pages
	r.mu.Unlock()
	s.keys = make(map[string]*APIKey, max(first.Count, len(first.APIKeys)))
	for i := range first.APIKeys {
		s.keys[first.APIKeys[i].ID] = &first.APIKeys[i]
	}
	if len(first.APIKeys) >= first.Count {
		s.complete = true
		return
	}
	if len(first.APIKeys) < snapshotPageSize {
		return // the server caps the page size: keep the first page only
	}
	if pages > maxSnapshotPages || s.demand < pages*readsPerSnapshotPage {
		return // partial: first page only, other keys are batched
	}
	results := make([]*APIKeyList, pages)
	errs := make([]error, pages)
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(snapshotFetchers, pages-1) {
		wg.Go(func() {
			for p := range next {
				results[p], errs[p] = c.ListAPIKeys(ctx, ListParams{Order: "id", Limit: snapshotPageSize, Offset: p * snapshotPageSize})
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

// ---------- batches ----------

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
		time.AfterFunc(window(), func() { r.send(c, b) })
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
