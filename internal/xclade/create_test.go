// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package xclade_test

// Creates under faults, against the emulator or a real server with a fault
// proxy in between: whatever the fault, a key another process made is never
// touched, every key this client made is handed over exactly once or named
// in what the caller is told, and no key is left live unnamed.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xclade/terraform-provider-xclade/internal/faultproxy"
	"github.com/xclade/terraform-provider-xclade/internal/testenv"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

type createFault struct {
	name string
	rule faultproxy.Rule
	// interrupt: the fault cancels the callers' context while the request
	// is in flight, as Terraform's StopProvider (Ctrl-C) or a timeout does.
	interrupt bool
	// refused: the server refuses the request for good, so it may fail.
	refused bool
	// then are rules queued after rule: what the attempts after the faulted
	// one meet.
	then []faultproxy.Rule
	// unresolved: the create must fail with an *UnresolvedCreateError that
	// names an earlier attempt whose outcome was unknown.
	unresolved bool
}

func createFaults(timeout time.Duration) []createFault {
	post := func(r faultproxy.Rule) faultproxy.Rule {
		r.Method, r.Path = http.MethodPost, "/admin/api-keys"
		return r
	}
	return []createFault{
		{name: "dropped before the server saw it", rule: post(faultproxy.Rule{Action: faultproxy.DropBefore})},
		{name: "dropped after the server applied it", rule: post(faultproxy.Rule{Action: faultproxy.DropAfter})},
		{name: "502 not applied", rule: post(faultproxy.Rule{Action: faultproxy.StatusBefore, Status: 502})},
		{name: "502 applied", rule: post(faultproxy.Rule{Action: faultproxy.StatusAfter, Status: 502})},
		{name: "504 applied late", rule: post(faultproxy.Rule{Action: faultproxy.StatusThenLate, Status: 504, Delay: timeout / 2})},
		{name: "504 applied after the client stopped looking", rule: post(faultproxy.Rule{Action: faultproxy.StatusThenLate, Status: 504, Delay: 3 * timeout})},
		{name: "client timeout", rule: post(faultproxy.Rule{Action: faultproxy.AnswerLate, Delay: 3 * timeout / 2})},
		{name: "interrupted in flight", rule: post(faultproxy.Rule{Action: faultproxy.AnswerLate, Delay: timeout / 2}), interrupt: true},
		{name: "429 with Retry-After", rule: post(faultproxy.Rule{Action: faultproxy.StatusBefore, Status: 429, RetryAfter: "1"})},
		{name: "401 mid-run", rule: post(faultproxy.Rule{Action: faultproxy.StatusBefore, Status: 401}), refused: true},
		// The server applied it, and the answer was not a clean success or
		// refusal: the outcome is unknown, not "nothing was made".
		{name: "500 applied", rule: post(faultproxy.Rule{Action: faultproxy.StatusAfter, Status: 500,
			Body: `{"code":"unknown_error","type":"unknown_error","message":"An unknown error occurred."}`})},
		{name: "520 applied", rule: post(faultproxy.Rule{Action: faultproxy.StatusAfter, Status: 520})},
		{name: "524 applied", rule: post(faultproxy.Rule{Action: faultproxy.StatusAfter, Status: 524})},
		{name: "garbled 200 applied", rule: post(faultproxy.Rule{Action: faultproxy.StatusAfter, Status: 200, Body: "{"})},
	}
}

// refusedRetryFaults: an attempt whose outcome is unknown, and whose key
// appears only after the client stopped looking, then a retry refused for a
// definite reason. The refusal must not hide the earlier attempt's key.
func refusedRetryFaults(timeout time.Duration, maxRetries int) []createFault {
	post := func(r faultproxy.Rule) faultproxy.Rule {
		r.Method, r.Path = http.MethodPost, "/admin/api-keys"
		return r
	}
	late := post(faultproxy.Rule{Action: faultproxy.StatusThenLate, Status: 504, Delay: 3 * timeout})
	return []createFault{
		{name: "504 applied late, then 400", rule: late, unresolved: true, then: []faultproxy.Rule{
			post(faultproxy.Rule{Action: faultproxy.StatusBefore, Status: 400, Body: `{"type":"invalid_data","message":"Invalid request: Field 'title' is required"}`})}},
		// A client that logs in with email and password logs in again
		// after a 401 and sends the request once more: refused twice.
		{name: "504 applied late, then 401", rule: late, unresolved: true, then: []faultproxy.Rule{
			post(faultproxy.Rule{Action: faultproxy.StatusBefore, Status: 401, Body: `{"message":"Unauthorized"}`, Times: unauthorizedTimes()})}},
		{name: "504 applied late, then 429 until the retries ran out", rule: late, unresolved: true, then: []faultproxy.Rule{
			post(faultproxy.Rule{Action: faultproxy.StatusBefore, Status: 429, RetryAfter: "0", Times: maxRetries + 1})}},
	}
}

type createShape struct {
	name string
	n    int // creates, all with one title
	hits int // how many of them the fault hits
	// foreign: another process makes keys with the same title and type,
	// one just before and one while the faulted request is in flight.
	foreign bool
}

var createShapes = []createShape{
	{name: "one key", n: 1, hits: 1},
	{name: "five keys sharing a title, a foreign key in the window", n: 5, hits: 2, foreign: true},
	{name: "a foreign key with the same title in the window", n: 1, hits: 1, foreign: true},
}

// faultTimeout is the request_timeout of fault tests: short against the
// emulator, longer against a real server's latency.
func faultTimeout() time.Duration {
	if testenv.Real() {
		return 2 * time.Second
	}
	return 400 * time.Millisecond
}

// unauthorizedTimes is how many 401s refuse a request for good: one with
// an API key, two with email and password (the client logs in again once).
func unauthorizedTimes() int {
	if testenv.Real() && os.Getenv(testenv.EnvAPIKey) == "" {
		return 2
	}
	return 1
}

// quickRetries configures a test client to retry n times, at once.
func quickRetries(n int) func(*xclade.Config) {
	return func(c *xclade.Config) {
		c.MaxRetries, c.MinRetryDelay, c.MaxRetryDelay = n, 10*time.Millisecond, 50*time.Millisecond
	}
}

type createResult struct {
	key *xclade.CreatedKey
	err error
}

func TestCreate_faultMatrix(t *testing.T) {
	t.Parallel()
	timeout := faultTimeout()
	for _, typ := range []string{xclade.TypeSecret, xclade.TypePublishable} {
		for _, fault := range createFaults(timeout) {
			for _, shape := range createShapes {
				t.Run(typ+"/"+fault.name+"/"+shape.name, func(t *testing.T) {
					t.Parallel()
					runCreateFault(t, typ, fault, shape, timeout)
				})
			}
		}
	}
}

func TestCreate_refusedRetryAfterUnknown(t *testing.T) {
	t.Parallel()
	timeout := faultTimeout()
	for _, typ := range []string{xclade.TypeSecret, xclade.TypePublishable} {
		for _, fault := range refusedRetryFaults(timeout, 4) {
			t.Run(typ+"/"+fault.name, func(t *testing.T) {
				t.Parallel()
				runCreateFault(t, typ, fault, createShapes[2], timeout)
			})
		}
	}
}

func runCreateFault(t *testing.T, typ string, fault createFault, shape createShape, timeout time.Duration) {
	e := testenv.New(t)
	proxy := e.Proxy(t)
	client := e.NewClient(t, proxy.URL(), func(c *xclade.Config) {
		c.RequestTimeout, c.MaxRetries = timeout, 4
		c.MinRetryDelay, c.MaxRetryDelay = 10*time.Millisecond, 200*time.Millisecond
	})
	title := e.Title("k")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	var foreign []*xclade.APIKey
	var foreignMu sync.Mutex
	makeForeign := func() {
		k, err := e.Client.CreateAPIKey(testenv.Context(t), xclade.CreateAPIKeyRequest{Title: title, Type: typ})
		if err != nil {
			t.Errorf("the other process's create: %v", err)
			return
		}
		foreignMu.Lock()
		foreign = append(foreign, k.APIKey)
		foreignMu.Unlock()
	}
	if shape.foreign {
		makeForeign()
	}
	rule := fault.rule
	rule.Times = shape.hits
	if fault.interrupt {
		rule.Times = 1 // the others stop too, before or while they send
	}
	rule.OnMatch = func(*http.Request) {
		if shape.foreign {
			makeForeign()
		}
		if fault.interrupt {
			cancel()
		}
	}
	proxy.Add(rule)
	proxy.Add(fault.then...)

	results := make([]createResult, shape.n)
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() {
			k, err := client.CreateAPIKey(ctx, xclade.CreateAPIKeyRequest{Title: title, Type: typ})
			results[i] = createResult{k, err}
		})
	}
	wg.Wait()
	proxy.WaitLate() // what a gateway still owes the server lands before the count
	if n := proxy.Pending(); n != 0 {
		t.Fatalf("the fault was not hit (%d applications left): the test proved nothing", n)
	}
	checkCreates(t, e, title, typ, fault, results, foreign)
}

// checkCreates asks the server what the creates left behind.
func checkCreates(t *testing.T, e *testenv.Env, title, typ string, fault createFault, results []createResult, foreign []*xclade.APIKey) {
	t.Helper()
	onServer := map[string]xclade.APIKey{}
	for k, err := range e.Client.AllAPIKeys(testenv.Context(t), xclade.ListParams{Q: title}, 100) {
		if err != nil {
			t.Fatal(err)
		}
		onServer[k.ID] = *k
	}
	for _, f := range foreign {
		k, ok := onServer[f.ID]
		switch {
		case !ok:
			t.Errorf("the foreign key %s was deleted", f.ID)
		case k.RevokedAt != nil || k.Title != f.Title:
			t.Errorf("the foreign key %s was touched: title %q, revoked_at %v", f.ID, k.Title, k.RevokedAt)
		}
		delete(onServer, f.ID)
	}
	var told strings.Builder // everything the callers were told
	handed := map[string]int{}
	for i, r := range results {
		if r.err != nil {
			fmt.Fprintln(&told, r.err)
			var unresolved *xclade.UnresolvedCreateError
			switch {
			case fault.unresolved:
				if !errors.As(r.err, &unresolved) || unresolved.Earlier == nil || !strings.Contains(r.err.Error(), unresolved.PendingTitle) {
					t.Errorf("create %d: %v; want an error naming the earlier attempt and its pending title", i, r.err)
				}
			case fault.refused && xclade.IsUnauthorized(r.err):
			case fault.interrupt && (errors.As(r.err, &unresolved) || errors.Is(r.err, context.Canceled)):
			default:
				t.Errorf("create %d failed: %v", i, r.err)
			}
			continue
		}
		if fault.unresolved {
			t.Errorf("create %d succeeded (%s), want an error naming the earlier attempt", i, r.key.ID)
		}
		fmt.Fprintln(&told, r.key.Caveat)
		k, ok := onServer[r.key.ID]
		if j, twice := handed[r.key.ID]; twice {
			t.Errorf("creates %d and %d both returned %s", j, i, r.key.ID)
			continue
		}
		handed[r.key.ID] = i
		switch {
		case !ok:
			t.Errorf("create %d returned %s, which is not on the server", i, r.key.ID)
			continue
		case k.Title != title || k.RevokedAt != nil || r.key.Title != title:
			t.Errorf("create %d returned %s titled %q (on the server %q, revoked_at %v)", i, k.ID, r.key.Title, k.Title, k.RevokedAt)
		case xclade.RedactToken(r.key.Token.Reveal()) != k.Redacted:
			t.Errorf("create %d returned a token that is not %s's", i, k.ID)
		}
	}
	for id := range handed {
		delete(onServer, id)
	}
	// Whatever is left was made by this client and handed to no one.
	for _, k := range onServer {
		if k.RevokedBefore(e.Client.ServerNow()) {
			continue
		}
		if k.Title == title || !strings.Contains(told.String(), k.Title) {
			t.Errorf("left live and unnamed: %s titled %q; the callers were told:\n%s", k.ID, k.Title, told.String())
		}
	}
}

// Without faults a create costs what it did before it proved ownership:
// the create and one more request, whose answer replaces the read-back.
func TestCreate_twoRequests(t *testing.T) {
	t.Parallel()
	e := testenv.New(t)
	proxy := e.Proxy(t)
	client := e.NewClient(t, proxy.URL(), nil)
	for _, typ := range []string{xclade.TypeSecret, xclade.TypePublishable} {
		title := e.Title(typ)
		k, err := client.CreateAPIKey(testenv.Context(t), xclade.CreateAPIKeyRequest{Title: title, Type: typ})
		if err != nil {
			t.Fatal(err)
		}
		if k.Title != title || k.Token == "" || k.Caveat != "" || k.SalesChannels == nil {
			t.Errorf("created %+v, caveat %q", k.APIKey, k.Caveat)
		}
	}
	for route, want := range map[string]int{"POST /admin/api-keys": 2, "POST /admin/api-keys/{id}": 2, "GET /admin/api-keys": 0, "GET /admin/api-keys/{id}": 0} {
		if got := proxy.Count(route); got != want {
			t.Errorf("%s: %d requests for two creates, want %d", route, got, want)
		}
	}
}

// The pending title is recognisable, and abandoned only after its deadline.
func TestAbandonedCreate(t *testing.T) {
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		title, want string
		deadline    string
		abandoned   bool
	}{
		{"ci [tf-create abcdefghijklmnop until 2026-11-30T09:59:59Z]", "ci", "2026-11-30T09:59:59Z", true},
		{"ci [tf-create abcdefghijklmnop until 2026-11-30T10:00:01Z]", "ci", "2026-11-30T10:00:01Z", false},
		{"[tf-create abcdefghijklmnop until 2026-11-30T09:00:00Z]", "", "2026-11-30T09:00:00Z", true},
		{"ci [tf-create ABCDEFGHIJKLMNOP until 2026-11-30T09:00:00Z]", "", "", false},
		{"ci [tf-create abcdefghijklmnop until yesterday]", "", "", false},
		{"ci", "", "", false},
	} {
		want, deadline, abandoned := xclade.AbandonedCreate(tc.title, now)
		if want != tc.want || abandoned != tc.abandoned || (tc.deadline != "" && deadline.Format(time.RFC3339) != tc.deadline) {
			t.Errorf("AbandonedCreate(%q) = %q, %v, %v", tc.title, want, deadline, abandoned)
		}
	}
}

// A rename that fails after a successful create costs no key: it is asked
// again, and if it never succeeds the key comes back with its pending title
// and the token, for the caller to keep (RenameErr), instead of being
// dropped as if nobody held it.
func TestCreate_failedRename(t *testing.T) {
	t.Parallel()
	const retries = 2
	rename := func(times int) faultproxy.Rule {
		return faultproxy.Rule{Method: http.MethodPost, Path: "/admin/api-keys/{id}", Action: faultproxy.StatusBefore, Status: 500, Times: times,
			Body: `{"code":"unknown_error","type":"unknown_error","message":"An unknown error occurred."}`}
	}
	for _, typ := range []string{xclade.TypeSecret, xclade.TypePublishable} {
		for _, tc := range []struct {
			name  string
			times int
		}{{"once", 1}, {"every time", retries + 1}} {
			t.Run(typ+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				e := testenv.New(t)
				proxy := e.Proxy(t)
				client := e.NewClient(t, proxy.URL(), quickRetries(retries))
				title := e.Title("k")
				proxy.Add(rename(tc.times))
				k, err := client.CreateAPIKey(testenv.Context(t), xclade.CreateAPIKeyRequest{Title: title, Type: typ})
				if err != nil {
					t.Fatalf("the create failed although the key was made and its token is in hand: %v", err)
				}
				if n := proxy.Pending(); n != 0 {
					t.Fatalf("%d renames were not asked again", n)
				}
				onServer, err := e.Client.GetAPIKey(testenv.Context(t), k.ID)
				if err != nil {
					t.Fatal(err)
				}
				switch {
				case onServer.RevokedAt != nil:
					t.Errorf("the key handed over, %s, was revoked", k.ID)
				case xclade.RedactToken(k.Token.Reveal()) != onServer.Redacted:
					t.Errorf("the token handed over is not %s's", k.ID)
				case tc.times <= retries && (k.RenameErr != nil || onServer.Title != title || k.Title != title):
					t.Errorf("a rename that failed once was not asked again: %q on the server, %q handed over, %v", onServer.Title, k.Title, k.RenameErr)
				case tc.times > retries && (k.RenameErr == nil || onServer.Title != k.Title || !strings.HasPrefix(k.Title, title+" [tf-create ")):
					t.Errorf("a rename that always failed: %q on the server, %q handed over, RenameErr %v; want the pending title and the error",
						onServer.Title, k.Title, k.RenameErr)
				}
				var live []string
				for key, err := range e.Client.AllAPIKeys(testenv.Context(t), xclade.ListParams{Q: title}, 100) {
					if err != nil {
						t.Fatal(err)
					}
					if !key.RevokedBefore(e.Client.ServerNow()) {
						live = append(live, key.ID)
					}
				}
				if len(live) != 1 || live[0] != k.ID {
					t.Errorf("live keys with the title: %v, want only %s", live, k.ID)
				}
			})
		}
	}
}

// A key an unknown attempt made, revoked but then not deleted, no longer
// works: the create goes on, and says it was revoked, never that it is live.
func TestCreate_discardFailsAtDelete(t *testing.T) {
	t.Parallel()
	e := testenv.New(t)
	proxy := e.Proxy(t)
	client := e.NewClient(t, proxy.URL(), quickRetries(2))
	title := e.Title("k")
	proxy.Add(
		faultproxy.Rule{Method: http.MethodPost, Path: "/admin/api-keys", Action: faultproxy.DropAfter},
		// The discard's delete, and the one of the sweep after the retry.
		faultproxy.Rule{Method: http.MethodDelete, Path: "/admin/api-keys/{id}", Action: faultproxy.StatusBefore, Status: 500, Times: 2,
			Body: `{"code":"unknown_error","type":"unknown_error","message":"An unknown error occurred."}`},
	)
	k, err := client.CreateAPIKey(testenv.Context(t), xclade.CreateAPIKeyRequest{Title: title, Type: xclade.TypeSecret})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if n := proxy.Pending(); n != 0 {
		t.Fatalf("the faults were not hit (%d left): the test proved nothing", n)
	}
	var revoked []string
	for key, err := range e.Client.AllAPIKeys(testenv.Context(t), xclade.ListParams{Q: title}, 100) {
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case key.ID == k.ID:
		case !key.RevokedBefore(e.Client.ServerNow()):
			t.Errorf("left live: %s titled %q", key.ID, key.Title)
		default:
			revoked = append(revoked, key.ID)
		}
	}
	if len(revoked) != 1 || !strings.Contains(k.Caveat, revoked[0]) || !strings.Contains(k.Caveat, "was revoked") {
		t.Errorf("revoked keys %v; the caller was told %q: want the revoked, undeleted key named as revoked", revoked, k.Caveat)
	}
}

// Recovery acts only on keys whose title is exactly this call's pending
// title, whatever the listing returns: a server that ignores the title
// filter must not make it revoke or adopt another process's key, be it one
// with the same title or one carrying another create's marker.
func TestCreate_listingIgnoresTitleFilter(t *testing.T) {
	t.Parallel()
	for _, typ := range []string{xclade.TypeSecret, xclade.TypePublishable} {
		t.Run(typ, func(t *testing.T) {
			t.Parallel()
			e := testenv.New(t)
			proxy := faultproxy.New(testenv.TitleFilterIgnorer(t, e.BaseURL))
			t.Cleanup(proxy.Close)
			client := e.NewClient(t, proxy.URL(), quickRetries(2))
			title := e.Title("k")
			var foreign []*xclade.APIKey
			for _, ft := range []string{title, title + " [tf-create abcdefghijklmnop until 2999-01-01T00:00:00Z]"} {
				k, err := e.Client.CreateAPIKey(testenv.Context(t), xclade.CreateAPIKeyRequest{Title: ft, Type: typ})
				if err != nil {
					t.Fatal(err)
				}
				foreign = append(foreign, k.APIKey)
			}
			proxy.Add(faultproxy.Rule{Method: http.MethodPost, Path: "/admin/api-keys", Action: faultproxy.DropAfter})
			k, err := client.CreateAPIKey(testenv.Context(t), xclade.CreateAPIKeyRequest{Title: title, Type: typ})
			if proxy.Pending() != 0 {
				t.Fatal("the fault was not hit: the test proved nothing")
			}
			checkCreates(t, e, title, typ, createFault{}, []createResult{{k, err}}, foreign)
			for _, f := range foreign {
				got, err := e.Client.GetAPIKey(testenv.Context(t), f.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Title != f.Title || got.RevokedAt != nil || (k != nil && k.ID == f.ID) {
					t.Errorf("the other process's key %s (%q) was touched: title %q, revoked_at %v, adopted %v", f.ID, f.Title, got.Title, got.RevokedAt, k.ID == f.ID)
				}
			}
		})
	}
}

// The retry after an unknown attempt cannot even be sent: the caller's
// deadline passes while it waits for a concurrency slot (another request of
// the same client holds the only one). The error still names the earlier
// attempt's pending title, under which a key appears later.
//
// The slot is taken while the create waits out the 504's Retry-After before
// its retry: a quiet spell of timeout after the last look for the key.
// The looks come at most 0.4 timeout apart, the wait is 1.4 timeout, and the
// slow read holds the slot for 0.9 timeout, so the retry waits for it from
// 1.4 to 1.9 timeouts after the last look, and the deadline passes at 1.7.
func TestCreate_deadlineWhileWaitingForASlot(t *testing.T) {
	t.Parallel()
	timeout := max(faultTimeout(), time.Second)
	for _, typ := range []string{xclade.TypeSecret, xclade.TypePublishable} {
		t.Run(typ, func(t *testing.T) {
			t.Parallel()
			e := testenv.New(t)
			proxy := e.Proxy(t)
			client := e.NewClient(t, proxy.URL(), func(c *xclade.Config) {
				c.RequestTimeout, c.MaxRetries, c.MaxConcurrentRequests = timeout, 4, 1
				c.MinRetryDelay, c.MaxRetryDelay = 10*time.Millisecond, 2*timeout
			})
			title := e.Title("k")
			other, err := e.Client.CreateAPIKey(testenv.Context(t), xclade.CreateAPIKeyRequest{Title: title, Type: typ})
			if err != nil {
				t.Fatal(err)
			}
			// Logged in (with email and password) before the faults begin.
			if _, err := client.ListAPIKeys(testenv.Context(t), xclade.ListParams{Limit: 1}); err != nil {
				t.Fatal(err)
			}
			ctx := newExpiring()
			var mu sync.Mutex
			var quiet *time.Timer
			started := false
			hogDone := make(chan error, 1)
			hog := func() {
				mu.Lock()
				started = true
				mu.Unlock()
				time.AfterFunc(7*timeout/10, ctx.expire)
				_, err := client.GetAPIKey(context.Background(), other.ID)
				hogDone <- err
			}
			proxy.Add(
				// Applied after the client stopped looking for it.
				faultproxy.Rule{Method: http.MethodPost, Path: "/admin/api-keys", Action: faultproxy.StatusThenLate, Status: 504, Delay: 4 * timeout,
					RetryAfter: strconv.FormatFloat((14 * timeout / 10).Seconds(), 'f', 3, 64)},
				faultproxy.Rule{Method: http.MethodGet, Path: "/admin/api-keys", Times: 1000, OnMatch: func(*http.Request) {
					mu.Lock()
					defer mu.Unlock()
					switch {
					case started: // the looks after the refusal
					case quiet == nil:
						quiet = time.AfterFunc(timeout, hog)
					default:
						quiet.Reset(timeout)
					}
				}},
				faultproxy.Rule{Method: http.MethodGet, Path: "/admin/api-keys/{id}", Action: faultproxy.AnswerLate, Delay: 9 * timeout / 10},
			)
			k, err := client.CreateAPIKey(ctx, xclade.CreateAPIKeyRequest{Title: title, Type: typ})
			if err == nil || !strings.Contains(err.Error(), "waiting for a free request slot ended") {
				t.Errorf("the create: %v; want the wait for a slot named", err)
			}
			if err := <-hogDone; err != nil {
				t.Fatalf("the slow read: %v", err)
			}
			if n := proxy.Count("POST /admin/api-keys"); n != 1 {
				t.Fatalf("%d creates were sent, want 1: the retry did not wait for a slot until the deadline, the test proved nothing", n)
			}
			proxy.WaitLate()
			fault := createFault{unresolved: true}
			checkCreates(t, e, title, typ, fault, []createResult{{k, err}}, []*xclade.APIKey{other.APIKey})
		})
	}
}

// expiring is a caller's context whose deadline passes when the test says:
// no deadline is known up front, as when a timeout is not the client's to see.
type expiring struct {
	context.Context
	done chan struct{}
	once sync.Once
}

func newExpiring() *expiring {
	return &expiring{Context: context.Background(), done: make(chan struct{})}
}

func (e *expiring) Done() <-chan struct{} { return e.done }

func (e *expiring) Err() error {
	select {
	case <-e.done:
		return context.DeadlineExceeded
	default:
		return nil
	}
}

func (e *expiring) expire() { e.once.Do(func() { close(e.done) }) }
