// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzemulator

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 123456789, time.UTC)

func TestCreateEveryField(t *testing.T) {
	clk := &fakeClock{t: t0}
	e := newEnv(t, WithClock(clk.Now))
	if err := e.srv.CreateWorkspace("ws_two"); err != nil {
		t.Fatal(err)
	}
	secret, d := e.create(`{"name":"ci runner","allowed_ips":["10.0.0.1","2001:DB8::1"],"expires_in_days":30,"mode":"test","workspace_id":"ws_two"}`)
	if !regexp.MustCompile(`^sk_bc_ws_test_[0-9a-f]{48}$`).MatchString(secret) {
		t.Fatalf("secret %q", secret)
	}
	if !regexp.MustCompile(`^key_[0-9A-HJKMNP-TV-Z]{26}$`).MatchString(d["id"].(string)) {
		t.Fatalf("id %v", d["id"])
	}
	want := map[string]any{
		"name": "ci runner", "key_prefix": secret[:12], "key_type": "workspace", "workspace_id": "ws_two",
		"allowed_ips": []any{"10.0.0.1", "2001:db8::1"}, "livemode": false, "is_active": true,
		"created_at": "2026-03-01T12:00:00.123456Z", "expires_at": "2026-03-31T12:00:00.123456Z", "last_used_at": nil,
	}
	for f, v := range want {
		if fmt.Sprint(d[f]) != fmt.Sprint(v) {
			t.Errorf("%s = %v, want %v", f, d[f], v)
		}
	}
	if len(d) != len(want)+1 {
		t.Errorf("fields %v", d)
	}
	k, _ := e.srv.Key(d["id"].(string))
	if k.Secret != "" || k.WorkspaceID != "ws_two" || k.Livemode {
		t.Fatalf("%+v", k)
	}
}

func TestCreateDefaults(t *testing.T) {
	e := newEnv(t)
	secret, d := e.create(`{"name":"x","allowed_ips":null,"expires_in_days":null,"mode":null,"workspace_id":null}`)
	if !strings.HasPrefix(secret, "sk_bc_ws_live_") || d["key_prefix"] != "sk_bc_ws_liv" {
		t.Fatal(secret, d["key_prefix"])
	}
	if d["workspace_id"] != DefaultWorkspaceID || d["livemode"] != true || d["expires_at"] != nil ||
		fmt.Sprint(d["allowed_ips"]) != "[]" || d["is_active"] != true || d["key_type"] != "workspace" {
		t.Fatalf("%v", d)
	}
	// Names are not unique.
	_, d2 := e.create(`{"name":"x"}`)
	if d2["id"] == d["id"] {
		t.Fatal("same id")
	}
}

func TestCreateIPsAsSent(t *testing.T) {
	e := newEnv(t, WithAllowedIPsAsSent())
	_, d := e.create(`{"name":"x","allowed_ips":["2001:DB8::1","10.0.0.1"]}`)
	if fmt.Sprint(d["allowed_ips"]) != "[2001:DB8::1 10.0.0.1]" {
		t.Fatal(d["allowed_ips"])
	}
}

func TestCreateValidation(t *testing.T) {
	e := newEnv(t)
	long := strings.Repeat("é", 256)
	cases := []struct{ body, field, msg string }{
		{`{}`, "name", "is required"},
		{`{"name":null}`, "name", "is required"},
		{`{"name":""}`, "name", "must be between 1 and 255 characters"},
		{`{"name":"` + long + `"}`, "name", "must be between 1 and 255 characters"},
		{`{"name":7}`, "name", "must be a string"},
		{`{"name":"x","allowed_ips":"10.0.0.1"}`, "allowed_ips", "must be an array of IP addresses"},
		{`{"name":"x","allowed_ips":[1]}`, "allowed_ips[0]", "must be a string"},
		{`{"name":"x","allowed_ips":["10.0.0.1","nope"]}`, "allowed_ips[1]", "must be a valid IPv4 or IPv6 address"},
		{`{"name":"x","allowed_ips":["10.0.0.0/8"]}`, "allowed_ips[0]", "must be an IP address, not a CIDR range"},
		{`{"name":"x","allowed_ips":["fe80::1%eth0"]}`, "allowed_ips[0]", "must be a valid IPv4 or IPv6 address"},
		{`{"name":"x","expires_in_days":0}`, "expires_in_days", "must be between 1 and 365"},
		{`{"name":"x","expires_in_days":366}`, "expires_in_days", "must be between 1 and 365"},
		{`{"name":"x","expires_in_days":1.5}`, "expires_in_days", "must be an integer"},
		{`{"name":"x","expires_in_days":"30"}`, "expires_in_days", "must be an integer"},
		{`{"name":"x","expires_in_days":true}`, "expires_in_days", "must be an integer"},
		{`{"name":"x","mode":"prod"}`, "mode", `must be one of "live", "test"`},
		{`{"name":"x","mode":1}`, "mode", `must be one of "live", "test"`},
		{`{"name":"x","workspace_id":""}`, "workspace_id", "must not be empty"},
		{`{"name":"x","workspace_id":5}`, "workspace_id", "must be a string"},
		{`{"name":"x","key_type":"admin"}`, "key_type", "is not a permitted field"},
		{`[]`, "body", "must be a JSON object"},
		{`null`, "body", "must be a JSON object"},
	}
	for _, c := range cases {
		r := e.adminDo("POST", keysPath, c.body)
		wantError(t, r, 422, "VALIDATION_ERROR")
		want := fmt.Sprintf(`[map[field:%s message:%s]]`, c.field, c.msg)
		if got := fmt.Sprint(r.body["details"]); got != want {
			t.Errorf("%s: details %s, want %s", c.body, got, want)
		}
		if m := r.body["message"].(string); !strings.Contains(m, c.field+": "+c.msg) {
			t.Errorf("%s: message %q", c.body, m)
		}
	}
	// Every problem at once, in the contract's order, unknown fields last.
	r := e.adminDo("POST", keysPath, `{"zz":1,"mode":"x","aa":2,"name":""}`)
	wantError(t, r, 422, "VALIDATION_ERROR")
	var fields []string
	for _, d := range r.body["details"].([]any) {
		fields = append(fields, d.(map[string]any)["field"].(string))
	}
	if strings.Join(fields, ",") != "name,mode,aa,zz" {
		t.Fatal(fields)
	}
	wantError(t, e.adminDo("POST", keysPath, `{"name":`), 400, "bad_request")
	wantError(t, e.adminDo("POST", keysPath, ""), 400, "bad_request")
	wantError(t, e.adminDo("POST", keysPath, `{"name":"x","workspace_id":"ws_nope"}`), 404, "not_found")
	if n := len(e.srv.Keys()); n != 1 {
		t.Fatalf("%d keys after failed creates", n)
	}
}

// listIDs pages the whole list with after_id and returns the ids and the
// number of pages.
func listIDs(t *testing.T, e *env, query string) ([]string, int) {
	t.Helper()
	var ids []string
	pages := 0
	cursor := ""
	for {
		q := query
		if cursor != "" {
			q += "&after_id=" + cursor
		}
		r := e.adminDo("GET", keysPath+"?"+q, "")
		if r.status != 200 {
			t.Fatalf("%s: %d %s", q, r.status, r.raw)
		}
		pages++
		data := r.body["data"].([]any)
		for _, it := range data {
			ids = append(ids, it.(map[string]any)["id"].(string))
		}
		if len(data) > 0 && (r.body["first_id"] != data[0].(map[string]any)["id"] || r.body["last_id"] != data[len(data)-1].(map[string]any)["id"]) {
			t.Fatalf("first/last: %s", r.raw)
		}
		if r.body["has_more"] != true {
			return ids, pages
		}
		cursor = r.body["last_id"].(string)
	}
}

func TestListPagingBothDirections(t *testing.T) {
	e := newEnv(t)
	var created []string // oldest first, the admin key included
	created = append(created, e.admin.ID)
	for i := 0; i < 7; i++ {
		_, d := e.create(fmt.Sprintf(`{"name":"k%d"}`, i))
		created = append(created, d["id"].(string))
	}
	ids, pages := listIDs(t, e, "limit=3")
	if pages != 3 || len(ids) != 8 {
		t.Fatalf("%d pages, %d ids", pages, len(ids))
	}
	for i, id := range ids {
		if id != created[len(created)-1-i] {
			t.Fatalf("not newest first: %v", ids)
		}
	}
	// Backwards from the oldest key: before_id returns the limit keys just
	// newer than the cursor, still newest first.
	r := e.adminDo("GET", keysPath+"?limit=3&before_id="+created[0], "")
	data := r.body["data"].([]any)
	if len(data) != 3 || data[0].(map[string]any)["id"] != created[3] || data[2].(map[string]any)["id"] != created[1] || r.body["has_more"] != true {
		t.Fatalf("%s", r.raw)
	}
	var back []string
	cursor := created[0]
	for {
		r := e.adminDo("GET", keysPath+"?limit=3&before_id="+cursor, "")
		data := r.body["data"].([]any)
		for i := len(data) - 1; i >= 0; i-- {
			back = append(back, data[i].(map[string]any)["id"].(string))
		}
		if r.body["has_more"] != true {
			break
		}
		cursor = r.body["first_id"].(string)
	}
	if strings.Join(back, ",") != strings.Join(created[1:], ",") {
		t.Fatalf("backwards %v, want %v", back, created[1:])
	}
	// Past either end: an empty page with null cursors.
	r = e.adminDo("GET", keysPath+"?after_id="+created[0], "")
	if r.raw != `{"data":[],"first_id":null,"last_id":null,"has_more":false}`+"\n" {
		t.Fatal(r.raw)
	}
	r = e.adminDo("GET", keysPath+"?before_id="+created[7], "")
	if len(r.body["data"].([]any)) != 0 || r.body["has_more"] != false {
		t.Fatal(r.raw)
	}
}

func TestListDefaultPageSize(t *testing.T) {
	for _, c := range []struct {
		opts []Option
		want int
	}{{nil, 20}, {[]Option{WithDefaultPageSize(5)}, 5}, {[]Option{WithDefaultPageSize(1000)}, 100}} {
		e := newEnv(t, c.opts...)
		for i := 0; i < 120; i++ {
			if _, err := e.srv.CreateWorkspaceKey(KeySpec{Name: "k"}); err != nil {
				t.Fatal(err)
			}
		}
		r := e.adminDo("GET", keysPath, "")
		if n := len(r.body["data"].([]any)); n != c.want || r.body["has_more"] != true {
			t.Fatalf("default page %d, want %d", n, c.want)
		}
		if r := e.adminDo("GET", keysPath+"?limit=100", ""); len(r.body["data"].([]any)) != 100 {
			t.Fatal("limit=100")
		}
	}
}

func TestListQueryErrors(t *testing.T) {
	e := newEnv(t)
	for q, msg := range map[string]string{
		"limit=0": "must be between 1 and 100", "limit=101": "must be between 1 and 100",
		"limit=-1": "must be between 1 and 100", "limit=x": "must be an integer", "limit=1.5": "must be an integer",
	} {
		r := e.adminDo("GET", keysPath+"?"+q, "")
		wantError(t, r, 422, "VALIDATION_ERROR")
		if got := fmt.Sprint(r.body["details"]); got != "[map[field:limit message:"+msg+"]]" {
			t.Errorf("%s: %s", q, got)
		}
	}
	wantError(t, e.adminDo("GET", keysPath+"?after_id=key_nope", ""), 400, "bad_request")
	wantError(t, e.adminDo("GET", keysPath+"?before_id=key_nope", ""), 400, "bad_request")
	wantError(t, e.adminDo("GET", keysPath+"?after_id="+e.admin.ID+"&before_id="+e.admin.ID, ""), 400, "bad_request")
	// Empty cursors and unknown parameters are as if absent.
	if r := e.adminDo("GET", keysPath+"?after_id=&before_id=&order=asc", ""); r.status != 200 {
		t.Fatal(r.raw)
	}
}

func TestListWorkspaceFilter(t *testing.T) {
	e := newEnv(t)
	_ = e.srv.CreateWorkspace("ws_two")
	var two []string
	for i := 0; i < 5; i++ {
		e.create(`{"name":"default"}`)
		_, d := e.create(`{"name":"two","workspace_id":"ws_two"}`)
		two = append([]string{d["id"].(string)}, two...)
	}
	ids, pages := listIDs(t, e, "limit=2&workspace_id=ws_two")
	if strings.Join(ids, ",") != strings.Join(two, ",") || pages != 3 {
		t.Fatalf("%v in %d pages, want %v", ids, pages, two)
	}
	all, _ := listIDs(t, e, "limit=100")
	if len(all) != 11 {
		t.Fatal(len(all))
	}
	dflt, _ := listIDs(t, e, "workspace_id="+DefaultWorkspaceID)
	if len(dflt) != 5 {
		t.Fatal(len(dflt), "admin keys belong to no workspace")
	}
	r := e.adminDo("GET", keysPath+"?workspace_id=ws_nope", "")
	if r.status != 200 || len(r.body["data"].([]any)) != 0 || r.body["first_id"] != nil {
		t.Fatal(r.raw)
	}
	// A cursor outside the filter still marks a position.
	r = e.adminDo("GET", keysPath+"?workspace_id=ws_two&after_id="+e.admin.ID, "")
	if r.status != 200 || len(r.body["data"].([]any)) != 0 {
		t.Fatal(r.raw)
	}
}

func TestRevoke(t *testing.T) {
	clk := &fakeClock{t: t0}
	e := newEnv(t, WithClock(clk.Now))
	secret, d := e.create(`{"name":"victim"}`)
	id := d["id"].(string)
	clk.Add(time.Minute)
	r := e.adminDo("POST", revokePath(id), "")
	if r.status != 200 || r.body["id"] != id || r.body["is_active"] != false || r.body["name"] != "victim" || r.body["key"] != nil {
		t.Fatalf("%d %s", r.status, r.raw)
	}
	first, _ := e.srv.Key(id)
	clk.Add(time.Minute)
	// Revoking again answers the key again; the revocation time stays.
	again := e.adminDo("POST", revokePath(id), `{"ignored":true}`)
	if again.status != 200 || again.raw != r.raw {
		t.Fatalf("again: %d %s", again.status, again.raw)
	}
	if k, _ := e.srv.Key(id); !k.RevokedAt.Equal(*first.RevokedAt) {
		t.Fatal("revoked_at moved")
	}
	// A revoked key stays in the list and no longer authenticates.
	ids, _ := listIDs(t, e, "limit=100")
	if len(ids) != 2 {
		t.Fatal(ids)
	}
	wantError(t, e.do("GET", keysPath, "", secret), 401, "unauthorized")
	wantError(t, e.adminDo("POST", revokePath("key_nope"), ""), 404, "not_found")
	wantError(t, e.adminDo("POST", keysPath+"/a%2Fb/revoke", ""), 404, "not_found")
}

func TestRevokeAgainStatus(t *testing.T) {
	for status, code := range map[int]string{409: "conflict", 400: "bad_request", 200: ""} {
		e := newEnv(t, WithRevokeAgainStatus(status))
		_, d := e.create(`{"name":"x"}`)
		id := d["id"].(string)
		if r := e.adminDo("POST", revokePath(id), ""); r.status != 200 {
			t.Fatal(r.raw)
		}
		r := e.adminDo("POST", revokePath(id), "")
		if status == 200 {
			if r.status != 200 || r.body["is_active"] != false {
				t.Fatal(r.raw)
			}
			continue
		}
		wantError(t, r, status, code)
		if !strings.Contains(r.body["message"].(string), "already revoked") {
			t.Fatal(r.raw)
		}
	}
}

func TestRevokeAdminKeyItself(t *testing.T) {
	e := newEnv(t)
	if r := e.adminDo("POST", revokePath(e.admin.ID), ""); r.status != 200 || r.body["key_type"] != "admin" || r.body["workspace_id"] != nil {
		t.Fatal(r.raw)
	}
	wantError(t, e.adminDo("GET", keysPath, ""), 401, "unauthorized")
}

func TestAuth(t *testing.T) {
	e := newEnv(t)
	ws, err := e.srv.CreateWorkspaceKey(KeySpec{Name: "ws"})
	if err != nil {
		t.Fatal(err)
	}
	for _, rq := range [][2]string{{"POST", keysPath}, {"GET", keysPath}, {"POST", revokePath(ws.ID)}} {
		body := ""
		if rq[1] == keysPath && rq[0] == "POST" {
			body = `{"name":""}` // auth comes before validation
		}
		wantError(t, e.do(rq[0], rq[1], body, ""), 401, "unauthorized")
		wantError(t, e.do(rq[0], rq[1], body, "sk_bc_admin_live_nope"), 401, "unauthorized")
		wantError(t, e.do(rq[0], rq[1], body, ws.Secret), 403, "forbidden")
	}
	if k, _ := e.srv.Key(ws.ID); !k.IsActive || len(e.srv.Keys()) != 2 || k.LastUsedAt == nil {
		t.Fatalf("a workspace key changed state, or its use was not recorded: %+v", k)
	}
	req := e.do("GET", keysPath, "", "")
	if !strings.Contains(req.body["message"].(string), "Missing") {
		t.Fatal(req.raw)
	}
	r := e.hs.Client()
	hr, _ := newReq("GET", e.hs.URL+keysPath)
	hr.Header.Set("Authorization", "Bearer "+e.admin.Secret)
	res, err := r.Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 401 {
		t.Fatal(res.StatusCode)
	}
}

func TestExpiry(t *testing.T) {
	clk := &fakeClock{t: t0}
	e := newEnv(t, WithClock(clk.Now))
	_, d := e.create(`{"name":"short","expires_in_days":1}`)
	id := d["id"].(string)
	admin2 := e.srv.CreateAdminKey("second", true)
	if !strings.HasPrefix(admin2.Secret, "sk_bc_admin_test_") || admin2.KeyPrefix != "sk_bc_admin_" {
		t.Fatal(admin2.Secret)
	}
	clk.Add(24*time.Hour - time.Microsecond)
	if k, _ := e.srv.Key(id); !k.IsActive {
		t.Fatal("inactive before expires_at")
	}
	clk.Add(time.Microsecond)
	r := e.adminDo("GET", keysPath+"?limit=100", "")
	for _, it := range r.body["data"].([]any) {
		m := it.(map[string]any)
		if m["id"] == id && m["is_active"] != false {
			t.Fatal("expired key is active")
		}
	}
	if err := e.srv.ExpireKey(admin2.ID); err != nil {
		t.Fatal(err)
	}
	wantError(t, e.do("GET", keysPath, "", admin2.Secret), 401, "unauthorized")
	if e.srv.ExpireKey("key_nope") != ErrNotFound {
		t.Fatal("ExpireKey unknown")
	}
}

func TestLastUsedAt(t *testing.T) {
	clk := &fakeClock{t: t0}
	e := newEnv(t, WithClock(clk.Now))
	if e.admin.LastUsedAt != nil {
		t.Fatal("used before use")
	}
	clk.Add(time.Hour)
	r := e.adminDo("GET", keysPath, "")
	it := r.body["data"].([]any)[0].(map[string]any)
	if it["id"] != e.admin.ID || it["last_used_at"] != "2026-03-01T13:00:00.123456Z" {
		t.Fatal(r.raw)
	}
}

func TestRouting(t *testing.T) {
	e := newEnv(t)
	wantError(t, e.adminDo("GET", "/compute/v1/admin/api-keys/", ""), 404, "not_found")
	wantError(t, e.adminDo("GET", "/compute/v1/admin/api-keys/x", ""), 404, "not_found")
	wantError(t, e.adminDo("GET", "/compute/v1/admin/api-keys//revoke", ""), 404, "not_found")
	r := e.adminDo("DELETE", keysPath, "")
	wantError(t, r, 405, "method_not_allowed")
	if r.header.Get("Allow") != "GET, POST" {
		t.Fatal(r.header)
	}
	r = e.adminDo("GET", revokePath(e.admin.ID), "")
	wantError(t, r, 405, "method_not_allowed")
	counts := e.srv.RequestCounts()
	if counts["GET *"] != 3 || counts["DELETE "+keysPath] != 1 || counts["GET "+routeRevoke] != 1 || e.srv.RequestCount() != 5 {
		t.Fatal(counts)
	}
	e.srv.ResetRequestCounts()
	if e.srv.RequestCount() != 0 || len(e.srv.RequestCounts()) != 0 {
		t.Fatal("not reset")
	}
}

func TestLatency(t *testing.T) {
	e := newEnv(t, WithLatency(40*time.Millisecond, 20*time.Millisecond))
	start := time.Now()
	e.adminDo("GET", keysPath, "")
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Fatal(d)
	}
}

// Run with -race: HTTP and out-of-band calls on the same keys at once.
func TestConcurrentUse(t *testing.T) {
	e := newEnv(t)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				k, err := e.srv.CreateWorkspaceKey(KeySpec{Name: "oob"})
				if err != nil {
					t.Error(err)
					return
				}
				e.do("GET", keysPath+"?limit=1", "", k.Secret) // 403, touches last_used_at
				_ = e.srv.RevokeKey(k.ID)
			}
		}()
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				e.adminDo("POST", keysPath, `{"name":"http"}`)
				e.adminDo("GET", keysPath+"?limit=5", "")
			}
		}()
	}
	wg.Wait()
	ids, _ := listIDs(t, e, "limit=100")
	seen := map[string]bool{}
	for _, id := range ids {
		seen[id] = true
	}
	if len(ids) != 81 || len(seen) != 81 {
		t.Fatalf("%d ids, %d distinct", len(ids), len(seen))
	}
}
