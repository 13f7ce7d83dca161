// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package xclade

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xclade/terraform-provider-xclade/internal/emulator"
)

const (
	routeGetKey   = "GET /admin/api-keys/{id}"
	routeListKeys = "GET /admin/api-keys"
)

// batchEnv is an emulator with n keys (alternately secret and publishable)
// and a client authenticated with a secret key of its own.
type batchEnv struct {
	emu    *emulator.Server
	client *Client
	ids    []string
}

func newBatchEnv(t testing.TB, n int, wrap func(http.Handler) http.Handler) *batchEnv {
	t.Helper()
	emu := emulator.New()
	var h http.Handler = emu
	if wrap != nil {
		h = wrap(emu)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	admin, err := emu.CreateKey("batch-admin", TypeSecret)
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(Config{BaseURL: srv.URL, APIKey: Secret(admin.Token), Settings: Settings{MaxRetries: 2,
		MinRetryDelay: time.Millisecond, MaxRetryDelay: 5 * time.Millisecond, RequestTimeout: 5 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	e := &batchEnv{emu: emu, client: c}
	for i := range n {
		typ := TypeSecret
		if i%2 == 1 {
			typ = TypePublishable
		}
		k, err := emu.CreateKey(fmt.Sprintf("key-%d", i), typ)
		if err != nil {
			t.Fatal(err)
		}
		e.ids = append(e.ids, k.ID)
	}
	emu.ResetRequestCounts()
	return e
}

// readAll reads ids with GetAPIKeyBatched from `workers` goroutines, each
// taking the next id when its previous read is done, as Terraform's
// -parallelism does.
func (e *batchEnv) readAll(ctx context.Context, ids []string, workers int) (map[string]*APIKey, map[string]error) {
	var mu sync.Mutex
	keys, errs := map[string]*APIKey{}, map[string]error{}
	next := make(chan string)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for id := range next {
				k, err := e.client.GetAPIKeyBatched(ctx, id)
				mu.Lock()
				if err != nil {
					errs[id] = err
				} else {
					keys[id] = k
				}
				mu.Unlock()
			}
		})
	}
	for _, id := range ids {
		next <- id
	}
	close(next)
	wg.Wait()
	return keys, errs
}

func TestBatched_concurrentReadsCoalesce(t *testing.T) {
	e := newBatchEnv(t, 40, nil)
	ids := e.ids[:20]
	keys, errs := e.readAll(context.Background(), ids, len(ids))
	if len(errs) > 0 || len(keys) != len(ids) {
		t.Fatalf("got %d keys, errors %v", len(keys), errs)
	}
	for _, id := range ids {
		if keys[id].ID != id {
			t.Errorf("read %s, got %s", id, keys[id].ID)
		}
	}
	counts := e.emu.RequestCounts()
	// 20 reads started together: one list request, a few if a loaded
	// scheduler spreads them over more than the window; never one GET each.
	if e.emu.RequestCount() > 5 {
		t.Errorf("20 concurrent reads made %v", counts)
	}
}

func TestBatched_refreshOfManyKeysUsesFewRequests(t *testing.T) {
	const n = 1000
	e := newBatchEnv(t, n, nil)
	keys, errs := e.readAll(context.Background(), e.ids, 10)
	if len(errs) > 0 || len(keys) != n {
		t.Fatalf("got %d keys, %d errors: %v", len(keys), len(errs), firstErr(errs))
	}
	// Batches of at most 10 until the reads pay for a snapshot, then the
	// snapshot (2 pages of 1000: the tenant has 1002 keys).
	if got := e.emu.RequestCount(); got > 15 {
		t.Errorf("%d reads with parallelism 10 made %d requests (%v), want <= 15", n, got, e.emu.RequestCounts())
	}
	// A read that arrives alone is a plain GET; never one GET per key.
	if got := e.emu.RequestCounts()[routeGetKey]; got > 3 {
		t.Errorf("%d single GETs for keys that all exist", got)
	}
}

func TestBatched_missingKeyIsConfirmedByGET(t *testing.T) {
	e := newBatchEnv(t, 10, nil)
	gone := e.ids[3]
	if err := e.emu.DeleteKey(gone); err != nil {
		t.Fatal(err)
	}
	keys, errs := e.readAll(context.Background(), e.ids, len(e.ids))
	if len(keys) != 9 || len(errs) != 1 {
		t.Fatalf("got %d keys and errors %v", len(keys), errs)
	}
	if err := errs[gone]; !IsNotFound(err) {
		t.Fatalf("deleted key: got %v, want a not-found error", err)
	}
	want, err := e.client.GetAPIKey(context.Background(), gone)
	if want != nil || err.Error() != errs[gone].Error() {
		t.Errorf("batched error %q differs from GetAPIKey's %q", errs[gone], err)
	}
	if got := e.emu.RequestCounts()[routeGetKey]; got != 2 { // the confirmation, and ours just now
		t.Errorf("the missing key was confirmed with %d GETs, want 1", got-1)
	}
}

func TestBatched_keyMissingFromListAnswerIsFoundByGET(t *testing.T) {
	e := newBatchEnv(t, 5, nil)
	// A list answer that lacks keys that do exist (a lagging replica, say):
	// each missing key is asked for with a GET, which finds it.
	e.emu.InjectFault(emulator.Fault{Method: "GET", Path: "/admin/api-keys", Status: 200,
		Body: `{"api_keys":[],"count":0,"offset":0,"limit":5}`})
	keys, errs := e.readAll(context.Background(), e.ids, len(e.ids))
	if len(errs) > 0 || len(keys) != 5 {
		t.Fatalf("got %d keys, errors %v", len(keys), errs)
	}
	if got := e.emu.RequestCounts()[routeGetKey]; got != 5 {
		t.Errorf("%d confirming GETs, want 5", got)
	}
}

func TestBatched_writeInvalidatesSnapshot(t *testing.T) {
	e := newBatchEnv(t, 100, nil)
	ctx := context.Background()
	// Enough reads to pay for a snapshot, then one served by it.
	if _, errs := e.readAll(ctx, e.ids, 10); len(errs) > 0 {
		t.Fatal(firstErr(errs))
	}
	before := e.emu.RequestCount()
	target := e.ids[7]
	k, err := e.client.GetAPIKeyBatched(ctx, target)
	if err != nil || k.ID != target || k.Title != "key-7" {
		t.Fatalf("read from the snapshot: %+v, %v", k, err)
	}
	if got := e.emu.RequestCount(); got != before {
		t.Fatalf("the read after %d reads was not served by a snapshot (%d requests)", len(e.ids), got-before)
	}

	// A rename through the client: the next read must see it.
	if _, err := e.client.UpdateAPIKey(ctx, target, "renamed"); err != nil {
		t.Fatal(err)
	}
	k, err = e.client.GetAPIKeyBatched(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	if k.Title != "renamed" {
		t.Errorf("read after rename: title %q, want %q", k.Title, "renamed")
	}

	// Same for a revoke, and for a write that failed.
	if _, err := e.readAll(ctx, e.ids, 10); len(err) > 0 {
		t.Fatal(firstErr(err))
	}
	if _, err := e.client.RevokeAPIKey(ctx, target, 0); err != nil {
		t.Fatal(err)
	}
	if k, err = e.client.GetAPIKeyBatched(ctx, target); err != nil || k.RevokedAt == nil {
		t.Errorf("read after revoke: %+v, %v; want revoked_at set", k, err)
	}
	if _, err := e.readAll(ctx, e.ids, 10); len(err) > 0 {
		t.Fatal(firstErr(err))
	}
	// A write that failed may still have been applied: the key is read
	// afresh. Another key changed elsewhere is still served by the snapshot,
	// as it was when the snapshot began (the bound on its age is the run of
	// reads, batch.go), and nothing else was asked for.
	failed, other := e.ids[8], e.ids[9]
	for _, id := range []string{failed, other} {
		if err := e.emu.RenameKey(id, "renamed-elsewhere"); err != nil {
			t.Fatal(err)
		}
	}
	e.emu.InjectFault(emulator.Fault{Method: "POST", Path: "/admin/api-keys/{id}", Status: 400})
	if _, err := e.client.UpdateAPIKey(ctx, failed, "x"); err == nil {
		t.Fatal("the injected 400 did not fail the update")
	}
	if k, err = e.client.GetAPIKeyBatched(ctx, failed); err != nil || k.Title != "renamed-elsewhere" {
		t.Errorf("read after a failed write: %+v, %v; want a fresh read", k, err)
	}
	before = e.emu.RequestCount()
	if k, err = e.client.GetAPIKeyBatched(ctx, other); err != nil || k.Title != "key-9" {
		t.Errorf("read of a key this process did not write: %+v, %v; want the snapshot's answer", k, err)
	}
	if got := e.emu.RequestCount(); got != before {
		t.Errorf("a key not written since the snapshot cost %d requests", got-before)
	}
}

func TestBatched_concurrentWriteAndReads(t *testing.T) {
	// Reads that begin after a write completed never see what was there
	// before it, whatever the interleaving.
	e := newBatchEnv(t, 60, nil)
	ctx := context.Background()
	for round := range 20 {
		title := fmt.Sprintf("round-%d", round)
		target := e.ids[round]
		var wg sync.WaitGroup
		wg.Go(func() { e.readAll(ctx, e.ids, 10) })
		time.Sleep(time.Duration(round%4) * time.Millisecond)
		if _, err := e.client.UpdateAPIKey(ctx, target, title); err != nil {
			t.Fatal(err)
		}
		k, err := e.client.GetAPIKeyBatched(ctx, target)
		if err != nil || k.Title != title {
			t.Fatalf("round %d: read after rename got %+v, %v", round, k, err)
		}
		wg.Wait()
	}
}

func TestBatched_contextCancellation(t *testing.T) {
	var slow gate // closed: list requests wait
	e := newBatchEnv(t, 4, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/admin/api-keys" {
				slow.wait()
			}
			h.ServeHTTP(w, r)
		})
	})

	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.client.GetAPIKeyBatched(canceled, e.ids[0]); !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled context: got %v", err)
	}
	if n := e.emu.RequestCount(); n != 0 {
		t.Errorf("a canceled read made %d requests", n)
	}

	// One reader gives up while its batch is in flight; the others still get
	// their keys.
	slow.close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := e.client.GetAPIKeyBatched(ctx, e.ids[0])
		done <- err
	}()
	var wg sync.WaitGroup
	others := make([]error, 3)
	for i := range 3 {
		wg.Go(func() { _, others[i] = e.client.GetAPIKeyBatched(context.Background(), e.ids[i+1]) })
	}
	time.Sleep(50 * time.Millisecond) // the batch is sent and blocked
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("canceled while waiting: got %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("a canceled read did not return")
	}
	slow.open()
	wg.Wait()
	for i, err := range others {
		if err != nil {
			t.Errorf("read %d in the same batch: %v", i+1, err)
		}
	}

	// Every reader gives up: the batch request itself is abandoned.
	slow.close()
	ctx, cancel = context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	_, errs := e.readAll(ctx, e.ids, 4)
	slow.open()
	for id, err := range errs {
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: got %v, want a deadline error", id, err)
		}
	}
	if len(errs) != 4 {
		t.Errorf("%d of 4 reads failed after the deadline", len(errs))
	}
}

func TestBatched_sameAnswerAsGET(t *testing.T) {
	e := newBatchEnv(t, 60, nil)
	ctx := context.Background()
	ch, err := e.emu.CreateSalesChannel("web")
	if err != nil {
		t.Fatal(err)
	}
	pub, sec := e.ids[1], e.ids[2] // publishable, secret
	if err := e.emu.SetKeySalesChannels(pub, []string{ch, e.emu.DefaultSalesChannelID()}, nil); err != nil {
		t.Fatal(err)
	}
	if err := e.emu.RevokeKey(e.ids[4], time.Hour); err != nil {
		t.Fatal(err)
	}
	want := map[string]*APIKey{}
	for _, id := range e.ids {
		k, err := e.client.GetAPIKey(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		want[id] = k
	}
	if want[sec].Token != "" || want[pub].Token == "" || len(want[pub].SalesChannels) != 2 {
		t.Fatalf("unexpected GET answers: secret token %q, publishable token set %v, channels %v",
			want[sec].Token, want[pub].Token != "", want[pub].SalesChannels)
	}
	compare := func(path string, got map[string]*APIKey, errs map[string]error) {
		t.Helper()
		if len(errs) > 0 {
			t.Fatalf("%s: %v", path, firstErr(errs))
		}
		for _, id := range e.ids {
			if !reflect.DeepEqual(got[id], want[id]) {
				t.Errorf("%s: %s differs:\n got %+v\nwant %+v", path, id, got[id], want[id])
			}
		}
	}
	// All at once: batches (every reader waits in one).
	got, errs := e.readAll(ctx, e.ids, len(e.ids))
	compare("batch", got, errs)
	// Then enough reads for a snapshot, and the reads it serves.
	e.readAll(ctx, e.ids, 10)
	before := e.emu.RequestCount()
	got, errs = e.readAll(ctx, e.ids, 10)
	compare("snapshot", got, errs)
	if e.emu.RequestCount() != before {
		t.Errorf("the last pass was not served by a snapshot: %v", e.emu.RequestCounts())
	}
	// A batch of one is a plain GET.
	e.client.reads.forget() // no snapshot
	k, err := e.client.GetAPIKeyBatched(ctx, sec)
	if err != nil || !reflect.DeepEqual(k, want[sec]) {
		t.Errorf("single read: %+v, %v", k, err)
	}
	// Answers are copies: changing one changes no other.
	got[pub].SalesChannels[0].Name = "changed"
	k, _ = e.client.GetAPIKeyBatched(ctx, pub)
	if k.SalesChannels[0].Name == "changed" {
		t.Error("answers share memory")
	}
}

func TestBatched_listFailureFallsBackToGET(t *testing.T) {
	e := newBatchEnv(t, 6, nil)
	ctx := context.Background()
	// A server error: each read asks for itself.
	e.emu.InjectFault(emulator.Fault{Method: "GET", Path: "/admin/api-keys", Status: 500})
	keys, errs := e.readAll(ctx, e.ids, len(e.ids))
	if len(errs) > 0 || len(keys) != len(e.ids) {
		t.Fatalf("got %d keys, errors %v", len(keys), errs)
	}
	if e.emu.PendingFaults() != 0 {
		t.Fatal("the reads made no list request")
	}
	if e.client.reads.isDisabled() {
		t.Error("a 500 switched coalescing off")
	}
	// A list endpoint that refuses the query: coalescing is switched off.
	e.emu.InjectFault(emulator.Fault{Method: "GET", Path: "/admin/api-keys", Status: 403})
	if _, errs := e.readAll(ctx, e.ids, len(e.ids)); len(errs) > 0 {
		t.Fatal(firstErr(errs))
	}
	if e.emu.PendingFaults() != 0 {
		t.Fatal("the reads made no list request")
	}
	if !e.client.reads.isDisabled() {
		t.Error("a 403 on the list did not switch coalescing off")
	}
	e.emu.ResetRequestCounts()
	e.readAll(ctx, e.ids, len(e.ids))
	if got := e.emu.RequestCounts(); got[routeListKeys] != 0 || got[routeGetKey] != int64(len(e.ids)) {
		t.Errorf("after switching off: %v", got)
	}
}

func TestBatched_oddIDsUseGET(t *testing.T) {
	e := newBatchEnv(t, 0, nil)
	for _, id := range []string{"a/b", "apk_1,apk_2", "apk_x?y", "ünï", "apk_1 "} {
		_, err := e.client.GetAPIKeyBatched(context.Background(), id)
		if !IsNotFound(err) {
			t.Errorf("%q: got %v, want not found", id, err)
		}
	}
	if got := e.emu.RequestCounts(); got[routeListKeys] != 0 || got[routeGetKey] != 5 {
		t.Errorf("odd ids made %v, want one GET each", got)
	}
	// "" is GetAPIKey's business too (its GET is the list route; no key).
	if _, err := e.client.GetAPIKeyBatched(context.Background(), ""); !IsNotFound(err) {
		t.Errorf(`"": got %v, want not found`, err)
	}
}

// forget drops the snapshot and what the reads paid, as in a new process.
func (r *readCoalescer) forget() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.snap, r.demand, r.estPages = nil, 0, 0
}

// gate holds requests back while it is closed.
type gate struct {
	mu sync.Mutex
	ch chan struct{} // nil: open
}

func (g *gate) close() {
	g.mu.Lock()
	g.ch = make(chan struct{})
	g.mu.Unlock()
}

func (g *gate) open() {
	g.mu.Lock()
	close(g.ch)
	g.ch = nil
	g.mu.Unlock()
}

func (g *gate) wait() {
	g.mu.Lock()
	ch := g.ch
	g.mu.Unlock()
	if ch != nil {
		<-ch
	}
}

func firstErr(errs map[string]error) error {
	for id, err := range errs {
		return fmt.Errorf("%s: %w", id, err)
	}
	return nil
}

// BenchmarkRefresh reads 1,000 keys with 10 workers, as a Terraform refresh
// does, and reports the requests made per refresh.
func BenchmarkRefresh(b *testing.B) {
	for _, mode := range []string{"GetAPIKey", "GetAPIKeyBatched"} {
		b.Run(mode, func(b *testing.B) {
			e := newBatchEnv(b, 1000, nil)
			read := e.client.GetAPIKey
			if mode == "GetAPIKeyBatched" {
				read = e.client.GetAPIKeyBatched
			}
			b.ResetTimer()
			for range b.N {
				e.client.reads.forget() // every refresh starts without a snapshot, as in a new process
				next := make(chan string)
				var wg sync.WaitGroup
				for range 10 {
					wg.Go(func() {
						for id := range next {
							if _, err := read(context.Background(), id); err != nil {
								b.Error(err)
							}
						}
					})
				}
				for _, id := range e.ids {
					next <- id
				}
				close(next)
				wg.Wait()
			}
			b.ReportMetric(float64(e.emu.RequestCount())/float64(b.N), "requests/refresh")
		})
	}
}

// A snapshot that begins while a write to a key is in flight (sent, not yet
// applied) holds the key as it was: once the write has ended, a read must
// not be served that old title. Only noting the write's end tells.
func TestBatched_snapshotDuringWriteInFlight(t *testing.T) {
	var g gate
	g.close()
	reached := make(chan struct{}, 1)
	var held atomic.Value // the path of the rename to hold
	held.Store("")
	e := newBatchEnv(t, 100, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && r.URL.Path == held.Load().(string) {
				reached <- struct{}{}
				g.wait() // the rename is in flight until the gate opens
			}
			next.ServeHTTP(w, r)
		})
	})
	target := e.ids[7]
	held.Store("/admin/api-keys/" + target)
	ctx := context.Background()
	renamed := make(chan error, 1)
	go func() {
		_, err := e.client.UpdateAPIKey(ctx, target, "renamed")
		renamed <- err
	}()
	<-reached
	// A new snapshot, taken while the rename waits at the server.
	e.client.reads.forget()
	if _, errs := e.readAll(ctx, e.ids, 10); len(errs) > 0 {
		t.Fatal(firstErr(errs))
	}
	before := e.emu.RequestCount()
	if k, err := e.client.GetAPIKeyBatched(ctx, e.ids[8]); err != nil || e.emu.RequestCount() != before {
		t.Fatalf("no snapshot serves the reads (%v, %d requests): the test proves nothing", err, e.emu.RequestCount()-before)
	} else if k.Title != "key-8" {
		t.Fatalf("read %+v from the snapshot", k)
	}
	g.open()
	if err := <-renamed; err != nil {
		t.Fatal(err)
	}
	k, err := e.client.GetAPIKeyBatched(ctx, target)
	if err != nil || k.Title != "renamed" {
		t.Errorf("read after the rename ended: %+v, %v; want title %q, not the snapshot's from before it", k, err, "renamed")
	}
}
