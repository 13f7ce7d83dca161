// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/provider"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// dsCreateKey creates a fixture key out of band and, against a real server,
// revokes and deletes it when the test ends.
func dsCreateKey(t *testing.T, e *acctest.Env, title, typ string) *xclade.APIKey {
	t.Helper()
	k, err := e.Client.CreateAPIKey(acctest.Context(t), xclade.CreateAPIKeyRequest{Title: title, Type: typ})
	if err != nil {
		t.Fatalf("creating fixture key %q: %v", title, err)
	}
	dsCleanup(t, e, k.ID)
	return k.APIKey
}

// dsCreateKeys creates n fixture keys concurrently with a bounded worker
// pool; keys[i] has title(i).
func dsCreateKeys(t *testing.T, e *acctest.Env, n int, typ string, title func(i int) string) []*xclade.APIKey {
	t.Helper()
	const workers = 8
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	keys := make([]*xclade.APIKey, n)
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				var k *xclade.CreatedKey
				if k, errs[i] = e.Client.CreateAPIKey(ctx, xclade.CreateAPIKeyRequest{Title: title(i), Type: typ}); k != nil {
					keys[i] = k.APIKey
				}
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	ids := make([]string, 0, n)
	for i := range n {
		if errs[i] == nil {
			ids = append(ids, keys[i].ID)
		}
	}
	dsCleanup(t, e, ids...)
	for i, err := range errs {
		if err != nil {
			t.Fatalf("creating fixture key %q: %v", title(i), err)
		}
	}
	return keys
}

// dsCleanup revokes and deletes fixture keys on a real server, which keeps
// them otherwise; an emulator disappears with the test.
func dsCleanup(t *testing.T, e *acctest.Env, ids ...string) {
	if e.Emulator != nil || len(ids) == 0 {
		return
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		sem := make(chan struct{}, 8)
		var wg sync.WaitGroup
		for _, id := range ids {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				if _, err := e.Client.RevokeAPIKey(ctx, id, 0); err != nil && !xclade.IsAlreadyRevoked(err) && !xclade.IsNotFound(err) {
					t.Logf("cleanup: revoking %s: %v", id, err)
					return
				}
				if err := e.Client.DeleteAPIKey(ctx, id); err != nil {
					t.Logf("cleanup: deleting %s: %v", id, err)
				}
			}()
		}
		wg.Wait()
	})
}

// dsRevoke revokes a fixture key (now, or after in) and returns it as revoked.
func dsRevoke(t *testing.T, e *acctest.Env, k *xclade.APIKey, in time.Duration) *xclade.APIKey {
	t.Helper()
	r, err := e.Client.RevokeAPIKey(acctest.Context(t), k.ID, in)
	if err != nil {
		t.Fatalf("revoking fixture key %s: %v", k.ID, err)
	}
	return r
}

// dsSleepPast waits until the local clock is margin past t. The provider
// judges revocation by its estimate of the server's clock, taken from
// Date headers with one-second resolution, so it may run up to a second
// behind: margin must cover that.
func dsSleepPast(t time.Time, margin time.Duration) {
	if d := time.Until(t.Add(margin)); d > 0 {
		time.Sleep(d)
	}
}

func dsIDs(keys ...*xclade.APIKey) []string {
	ids := make([]string, len(keys))
	for i, k := range keys {
		ids[i] = k.ID
	}
	return ids
}

// dsStrings is an exact, ordered list check; an empty list is [] (not null).
func dsStrings(want []string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(want))
	for i, s := range want {
		checks[i] = knownvalue.StringExact(s)
	}
	return knownvalue.ListExact(checks)
}

// dsLazyIDs is an exact, ordered list check whose expected value is known
// only when the check runs (fixtures created in a PreConfig).
type dsLazyIDs func() []string

func (f dsLazyIDs) CheckValue(v any) error {
	got, ok := v.([]any)
	if !ok {
		return fmt.Errorf("expected a list, got %T", v)
	}
	gotIDs := make([]string, len(got))
	for i, x := range got {
		gotIDs[i], _ = x.(string)
	}
	if want := f(); !slices.Equal(gotIDs, want) {
		return fmt.Errorf("ids %v, want %v", gotIDs, want)
	}
	return nil
}

func (f dsLazyIDs) String() string { return fmt.Sprintf("%v", f()) }

// dsErrorRE matches a phrase in Terraform's error output, which wraps long
// lines at any space.
func dsErrorRE(parts ...string) *regexp.Regexp {
	quoted := make([]string, len(parts))
	for i, p := range parts {
		words := strings.Fields(p)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		quoted[i] = strings.Join(words, `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, `.*`))
}

// dsListRecorder sees every list request the provider under test sends,
// on the emulator and on a real server alike.
type dsListRecorder struct {
	mu    sync.Mutex
	pages []dsPage
}

type dsPage struct{ offset, limit int }

func (r *dsListRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method == http.MethodGet && strings.HasSuffix(strings.TrimSuffix(req.URL.Path, "/"), "/admin/api-keys") {
		q := req.URL.Query()
		offset, _ := strconv.Atoi(q.Get("offset"))
		limit, _ := strconv.Atoi(q.Get("limit"))
		r.mu.Lock()
		r.pages = append(r.pages, dsPage{offset: offset, limit: limit})
		r.mu.Unlock()
	}
	return http.DefaultTransport.RoundTrip(req)
}

func (r *dsListRecorder) reset() {
	r.mu.Lock()
	r.pages = nil
	r.mu.Unlock()
}

func (r *dsListRecorder) factories(e *acctest.Env) map[string]func() (tfprotov6.ProviderServer, error) {
	return e.Factories(provider.WithHTTPClient(&http.Client{Transport: r}))
}

// expectPages is a state check: since the last reset, the provider sent
// exactly these list requests (one read of the data source), and so did
// the emulator see them when there is one.
func (r *dsListRecorder) expectPages(e *acctest.Env, want ...dsPage) statecheck.StateCheck {
	return checkFunc(func(context.Context) error {
		r.mu.Lock()
		got := slices.Clone(r.pages)
		r.mu.Unlock()
		if !slices.Equal(got, want) {
			return fmt.Errorf("list requests (offset, limit): %v, want %v", got, want)
		}
		if e.Emulator != nil {
			if n := e.Emulator.RequestCounts()["GET /admin/api-keys"]; n != int64(len(want)) {
				return fmt.Errorf("the emulator served %d list requests, want %d", n, len(want))
			}
		}
		return nil
	})
}

// resetPages starts a step's request count from zero.
func (r *dsListRecorder) resetPages(e *acctest.Env) {
	r.reset()
	if e.Emulator != nil {
		e.Emulator.ResetRequestCounts()
	}
}

func pagesOf(limit int, offsets ...int) []dsPage {
	out := make([]dsPage, len(offsets))
	for i, o := range offsets {
		out[i] = dsPage{offset: o, limit: limit}
	}
	return out
}

const dsKeys = "data.xclade_api_keys."

func keysAttr(name, attr string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(dsKeys+name, tfjsonpath.New(attr), check)
}

func keysElem(name string, i int, attr string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(dsKeys+name, tfjsonpath.New("api_keys").AtSliceIndex(i).AtMapKey(attr), check)
}

// keysResult checks the ids (in order) and total of a data source.
func keysResult(name string, total int, ids ...string) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		keysAttr(name, "key_ids", dsStrings(ids)),
		keysAttr(name, "api_keys", knownvalue.ListSizeExact(len(ids))),
		keysAttr(name, "total", knownvalue.Int64Exact(int64(total))),
	}
}

// keyElemChecks checks every attribute of element i of a data source's
// api_keys against the key the API returned.
func keyElemChecks(name string, i int, k *xclade.APIKey, channels ...string) []statecheck.StateCheck {
	var token, sales knownvalue.Check = knownvalue.Null(), knownvalue.Null()
	if k.Type == xclade.TypePublishable {
		token = knownvalue.StringExact(k.Token.Reveal())
		cs := make([]knownvalue.Check, len(channels))
		for j, c := range channels {
			cs[j] = knownvalue.StringExact(c)
		}
		sales = knownvalue.SetExact(cs)
	}
	var revokedAt, revokedBy knownvalue.Check = knownvalue.Null(), knownvalue.Null()
	if k.RevokedAt != nil {
		revokedAt = knownvalue.StringExact(xclade.FormatTime(*k.RevokedAt))
		revokedBy = knownvalue.StringExact(*k.RevokedBy)
	}
	return []statecheck.StateCheck{
		keysElem(name, i, "id", knownvalue.StringExact(k.ID)),
		keysElem(name, i, "title", knownvalue.StringExact(k.Title)),
		keysElem(name, i, "type", knownvalue.StringExact(k.Type)),
		keysElem(name, i, "redacted", knownvalue.StringExact(k.Redacted)),
		keysElem(name, i, "token", token),
		keysElem(name, i, "created_at", knownvalue.StringExact(xclade.FormatTime(k.CreatedAt))),
		keysElem(name, i, "created_by", knownvalue.StringExact(k.CreatedBy)),
		keysElem(name, i, "updated_at", knownvalue.StringExact(xclade.FormatTime(k.UpdatedAt))),
		keysElem(name, i, "revoked_at", revokedAt),
		keysElem(name, i, "revoked_by", revokedBy),
		keysElem(name, i, "sales_channel_ids", sales),
	}
}

func concat(lists ...[]statecheck.StateCheck) []statecheck.StateCheck {
	var out []statecheck.StateCheck
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// Every filter alone and combined, against five keys created a few
// milliseconds apart so that created_at and id order agree.
func TestAccDataSourceAPIKeys_filters(t *testing.T) {
	e := acctest.New(t)
	ctx := acctest.Context(t)
	var keys []*xclade.APIKey
	for _, f := range []struct{ title, typ string }{
		{"alpha-1", xclade.TypeSecret},
		{"alpha-2", xclade.TypeSecret},
		{"alpha-3", xclade.TypePublishable},
		{"beta-1", xclade.TypePublishable},
		{"gamma-1", xclade.TypeSecret},
	} {
		if len(keys) > 0 {
			time.Sleep(10 * time.Millisecond)
		}
		keys = append(keys, dsCreateKey(t, e, e.Title(f.title), f.typ))
	}
	k1, k2, k3, k4 := keys[0], keys[1], keys[2], keys[3]
	sc, err := e.CreateSalesChannel(ctx, e.Title("sc"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Client.UpdateAPIKeySalesChannels(ctx, k3.ID, []string{sc.ID}, nil); err != nil {
		t.Fatal(err)
	}
	k5 := dsRevoke(t, e, keys[4], 0)
	k5.Token = "" // a read never shows a secret token
	// Bounds between creations: the API shows milliseconds, the database
	// may keep microseconds, so stay clear of the keys' own times.
	after := xclade.FormatTime(k2.CreatedAt.Add(3 * time.Millisecond))
	before := k4.CreatedAt.Add(-3 * time.Millisecond).In(time.FixedZone("", 2*3600)).Format(time.RFC3339Nano)
	prefix := e.Prefix()

	config := fmt.Sprintf(`
locals {
  prefix = %[1]q
}

data "xclade_api_keys" "all" {
  query = local.prefix
}

data "xclade_api_keys" "secret" {
  query = local.prefix
  type  = "secret"
}

data "xclade_api_keys" "publishable" {
  query = local.prefix
  type  = "publishable"
}

data "xclade_api_keys" "ids" {
  ids = [%[2]q, %[3]q, "apk_01JZZZZZZZZZZZZZZZZZZZZZZZ"]
}

data "xclade_api_keys" "titles" {
  titles = [%[4]q, %[5]q, "${local.prefix}-nope"]
}

data "xclade_api_keys" "query_ci" {
  query = upper("${local.prefix}-alpha")
}

data "xclade_api_keys" "query_redacted" {
  query = %[6]q
  ids   = [%[7]q, %[2]q]
}

data "xclade_api_keys" "active" {
  query  = local.prefix
  status = "active"
}

data "xclade_api_keys" "revoked" {
  query  = local.prefix
  status = "revoked"
}

data "xclade_api_keys" "scheduled" {
  query  = local.prefix
  status = "scheduled"
}

data "xclade_api_keys" "any" {
  query  = local.prefix
  status = "any"
}

data "xclade_api_keys" "created_after" {
  query         = local.prefix
  created_after = %[8]q
}

data "xclade_api_keys" "created_before" {
  query          = local.prefix
  created_before = %[9]q
}

data "xclade_api_keys" "created_between" {
  query          = local.prefix
  created_after  = %[8]q
  created_before = %[9]q
}

data "xclade_api_keys" "live_secret_by_title_desc" {
  query  = local.prefix
  type   = "secret"
  status = "active"
  order  = "-title"
}

data "xclade_api_keys" "publishable_alpha" {
  query = "${local.prefix}-alpha"
  type  = "publishable"
}

data "xclade_api_keys" "newest_two" {
  query       = local.prefix
  order       = "-created_at"
  max_results = 2
}

data "xclade_api_keys" "by_title" {
  query = local.prefix
  order = "title"
}
`, prefix, k2.ID, k4.ID, k1.Title, k4.Title, k1.Redacted, k1.ID, after, before)

	all := dsIDs(k1, k2, k3, k4, k5)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{{
			// A key revoked less than a second ago may still look scheduled
			// to the provider's estimate of the server clock.
			PreConfig: func() { dsSleepPast(*k5.RevokedAt, 1100*time.Millisecond) },
			Config:    config,
			ConfigStateChecks: concat(
				keysResult("all", 5, all...),
				keyElemChecks("all", 0, k1),
				keyElemChecks("all", 2, k3, sc.ID),
				keyElemChecks("all", 3, k4),
				keyElemChecks("all", 4, k5),
				keysResult("secret", 3, k1.ID, k2.ID, k5.ID),
				keysResult("publishable", 2, k3.ID, k4.ID),
				keysResult("ids", 2, k2.ID, k4.ID),
				keysResult("titles", 2, k1.ID, k4.ID),
				keysResult("query_ci", 3, k1.ID, k2.ID, k3.ID),
				keysResult("query_redacted", 1, k1.ID),
				keysResult("active", 4, k1.ID, k2.ID, k3.ID, k4.ID),
				keysResult("revoked", 1, k5.ID),
				keysResult("scheduled", 0),
				keysResult("any", 5, all...),
				keysResult("created_after", 3, k3.ID, k4.ID, k5.ID),
				keysResult("created_before", 3, k1.ID, k2.ID, k3.ID),
				keysResult("created_between", 1, k3.ID),
				keysResult("live_secret_by_title_desc", 2, k2.ID, k1.ID),
				keysResult("publishable_alpha", 1, k3.ID),
				keysResult("newest_two", 5, k5.ID, k4.ID),
				keysResult("by_title", 5, all...),
				[]statecheck.StateCheck{
					// The filters as configured stay as configured.
					keysAttr("created_before", "created_before", knownvalue.StringExact(before)),
					keysAttr("all", "status", knownvalue.Null()),
					keysAttr("all", "page_size", knownvalue.Null()),
				},
			),
		}},
	})
}

// 250 keys with page_size = 100: every key exactly once, in order, in
// exactly three requests; max_results stops early with small requests.
// (Steps that hold all 250 keys in state cost Terraform ~10 s each, so
// the other variants cap the result with max_results.)
func TestAccDataSourceAPIKeys_pagination(t *testing.T) {
	const n = 250
	e := acctest.New(t)
	start := time.Now()
	keys := dsCreateKeys(t, e, n, xclade.TypePublishable, func(i int) string { return e.Title(fmt.Sprintf("k%03d", i)) })
	t.Logf("created %d fixture keys in %s", n, time.Since(start).Round(time.Millisecond))
	ids := dsIDs(keys...)
	slices.Sort(ids)
	desc := slices.Clone(ids)
	slices.Reverse(desc)

	rec := &dsListRecorder{}
	cfg := func(args string) string {
		return fmt.Sprintf(`
data "xclade_api_keys" "test" {
  query = %q
%s
}
`, e.Prefix(), args)
	}
	step := func(args string, total int, wantIDs []string, pages []dsPage) resource.TestStep {
		return resource.TestStep{
			PreConfig: func() { rec.resetPages(e) },
			Config:    cfg(args),
			ConfigStateChecks: append(keysResult("test", total, wantIDs...),
				rec.expectPages(e, pages...)),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.factories(e),
		Steps: []resource.TestStep{
			step("  page_size = 100", n, ids, pagesOf(100, 0, 100, 200)),
			// No maximum page size on the server; max_results beyond the matches changes nothing.
			step("  page_size = 1000\n  max_results = 1000", n, ids, pagesOf(1000, 0)),
			// The default page size is 100; paging works in descending order too.
			step("  order = \"-id\"\n  max_results = 150", n, desc[:150], pagesOf(150, 0)),
			step("  page_size = 7\n  max_results = 30", n, ids[:30], pagesOf(7, 0, 7, 14, 21, 28)),
			// A small max_results costs one small request; total still counts every match.
			step("  max_results = 5", n, ids[:5], pagesOf(5, 0)),
		},
	})
}

// Nothing matches: an empty list and total = 0, never an error. An empty
// ids or titles list matches nothing and costs no request.
func TestAccDataSourceAPIKeys_empty(t *testing.T) {
	e := acctest.New(t)
	dsCreateKey(t, e, e.Title("present"), xclade.TypeSecret)
	rec := &dsListRecorder{}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.factories(e),
		Steps: []resource.TestStep{
			{
				PreConfig: func() { rec.resetPages(e) },
				Config: fmt.Sprintf(`
data "xclade_api_keys" "none" {
  query = %q
}
`, e.Title("absent")),
				ConfigStateChecks: append(keysResult("none", 0), rec.expectPages(e, pagesOf(1000, 0)...)),
			},
			{
				PreConfig: func() { rec.resetPages(e) },
				Config: fmt.Sprintf(`
data "xclade_api_keys" "no_ids" {
  query = %q
  ids   = []
}

data "xclade_api_keys" "no_titles" {
  titles = []
}
`, e.Prefix()),
				ConfigStateChecks: concat(keysResult("no_ids", 0), keysResult("no_titles", 0),
					[]statecheck.StateCheck{rec.expectPages(e)}),
			},
		},
	})
}

// status at its boundaries: a key revoked now, one scheduled a few seconds
// ahead, one never revoked; once the scheduled time passes, that key moves
// from active/scheduled to revoked.
func TestAccDataSourceAPIKeys_statusBoundaries(t *testing.T) {
	// Long enough that the first step's plan (which reads the data sources
	// about a second after setup) comes before the scheduled revocation,
	// short enough to wait for it in the second step.
	const scheduleIn = 5 * time.Second
	e := acctest.New(t)
	var never, now, scheduled *xclade.APIKey
	setup := func() {
		never = dsCreateKey(t, e, e.Title("never"), xclade.TypeSecret)
		now = dsRevoke(t, e, dsCreateKey(t, e, e.Title("now"), xclade.TypeSecret), 0)
		scheduled = dsRevoke(t, e, dsCreateKey(t, e, e.Title("scheduled"), xclade.TypePublishable), scheduleIn)
		// The provider's clock estimate may lag a second behind the server.
		dsSleepPast(*now.RevokedAt, 1100*time.Millisecond)
	}
	ids := func(keys ...**xclade.APIKey) dsLazyIDs {
		return func() []string {
			out := make([]string, len(keys))
			for i, k := range keys {
				out[i] = (*k).ID
			}
			return out
		}
	}
	config := fmt.Sprintf(`
data "xclade_api_keys" "active" {
  query  = %[1]q
  status = "active"
}

data "xclade_api_keys" "scheduled" {
  query  = %[1]q
  status = "scheduled"
}

data "xclade_api_keys" "revoked" {
  query  = %[1]q
  status = "revoked"
}

data "xclade_api_keys" "any" {
  query = %[1]q
}
`, e.Prefix())
	idsOf := func(name string, want dsLazyIDs) statecheck.StateCheck {
		return keysAttr(name, "key_ids", want)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{
			{
				PreConfig: setup,
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					idsOf("active", ids(&never, &scheduled)),
					idsOf("scheduled", ids(&scheduled)),
					idsOf("revoked", ids(&now)),
					idsOf("any", ids(&never, &now, &scheduled)),
					keysAttr("scheduled", "total", knownvalue.Int64Exact(1)),
				},
			},
			{
				PreConfig: func() { dsSleepPast(*scheduled.RevokedAt, 1100*time.Millisecond) },
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					idsOf("active", ids(&never)),
					idsOf("scheduled", ids()),
					idsOf("revoked", ids(&now, &scheduled)),
					idsOf("any", ids(&never, &now, &scheduled)),
					keysAttr("scheduled", "total", knownvalue.Int64Exact(0)),
					keysAttr("revoked", "total", knownvalue.Int64Exact(2)),
				},
			},
		},
	})
}

// Bad arguments fail at plan time, naming the attribute; no request is sent.
func TestAccDataSourceAPIKeys_planTimeValidation(t *testing.T) {
	e := acctest.New(t)
	cases := []struct {
		name, args string
		want       *regexp.Regexp
	}{
		{"order", `order = "name"`, dsErrorRE(`Attribute order value must be one of`, `"-created_at"`)},
		{"order multi", `order = "type,-created_at"`, dsErrorRE(`Attribute order value must be one of`)},
		{"page_size zero", `page_size = 0`, dsErrorRE(`Attribute page_size value must be between 1 and 1000, got: 0`)},
		{"page_size big", `page_size = 1001`, dsErrorRE(`Attribute page_size value must be between 1 and 1000, got: 1001`)},
		{"max_results", `max_results = 0`, dsErrorRE(`Attribute max_results value must be at least 1, got: 0`)},
		{"created_after", `created_after = "yesterday"`, dsErrorRE(`created_after = "yesterday"`, `"yesterday" is not an RFC 3339 time`, `e.g. "2026-01-31T00:00:00Z"`)},
		{"created_before", `created_before = "2026-01-31"`, dsErrorRE(`created_before = "2026-01-31"`, `"2026-01-31" is not an RFC 3339 time`, `e.g. "2026-01-31T00:00:00Z"`)},
		{"status", `status = "live"`, dsErrorRE(`Attribute status value must be one of`, `"scheduled"`)},
		{"type", `type = "admin"`, dsErrorRE(`Attribute type value must be one of`, `"publishable"`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.Factories(),
				Steps: []resource.TestStep{{
					Config:      fmt.Sprintf("data \"xclade_api_keys\" \"test\" {\n  %s\n}\n", tc.args),
					PlanOnly:    true,
					ExpectError: tc.want,
				}},
			})
		})
	}
}
