// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

var (
	reSecret  = regexp.MustCompile(`^sk_[0-9a-f]{64}$`)
	rePublish = regexp.MustCompile(`^pk_[0-9a-f]{64}$`)
	reKeyID   = regexp.MustCompile(`^apk_[0-9A-HJKMNP-TV-Z]{26}$`)
	reHash    = regexp.MustCompile(`^[0-9a-f]{128}$`)
)

func keysOf(m map[string]any) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return strings.Join(sortStrings(ks), ",")
}

func sortStrings(s []string) []string {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}

func TestCreateShapes(t *testing.T) {
	e := newEnv(t)
	r := e.admin("POST", "/admin/api-keys?fields=id", `{"title":"tf-secret-1","type":"secret"}`)
	expect(t, r, 200, "")
	if !strings.HasPrefix(r.body, `{"api_key":{"id":"apk_`) || !strings.Contains(r.body, `"deleted_at":null}}`) {
		t.Fatalf("create body order: %s", r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Fatalf("content type %q", ct)
	}
	k := r.key()
	if got := keysOf(k); got != "created_at,created_by,deleted_at,id,last_used_at,redacted,revoked_at,revoked_by,title,token,type,updated_at" {
		t.Fatalf("create fields (fields= must be ignored): %s", got)
	}
	sk := k["token"].(string)
	if !reSecret.MatchString(sk) || !reKeyID.MatchString(k["id"].(string)) {
		t.Fatalf("token/id %v", k)
	}
	if k["redacted"] != sk[:6]+"***"+sk[len(sk)-3:] || k["created_by"] != e.srv.AdminUserID() {
		t.Fatalf("redacted/created_by %v", k)
	}
	if k["created_at"] != "2026-11-22T13:38:34.241Z" || k["updated_at"] != k["created_at"] || k["last_used_at"] != nil {
		t.Fatalf("timestamps %v", k)
	}

	// Read shape: sales_channels, no deleted_at, token blanked.
	g := e.admin("GET", "/admin/api-keys/"+k["id"].(string), "")
	expect(t, g, 200, "")
	want := `{"api_key":{"id":"` + k["id"].(string) + `","title":"tf-secret-1","token":"","redacted":"` + k["redacted"].(string) +
		`","type":"secret","last_used_at":null,"updated_at":"2026-11-22T13:38:34.241Z","created_at":"2026-11-22T13:38:34.241Z","created_by":"` +
		e.srv.AdminUserID() + `","revoked_at":null,"revoked_by":null,"sales_channels":[]}}`
	expect(t, g, 200, want)

	p := e.create("tf-publishable-1", "publishable")
	if !rePublish.MatchString(p["token"].(string)) {
		t.Fatalf("pk %v", p)
	}
	g = e.admin("GET", "/admin/api-keys/"+p["id"].(string), "")
	if g.key()["token"] != p["token"] {
		t.Fatalf("publishable token must be readable: %v", g.key())
	}

	// Duplicate and empty titles are fine.
	e.create("tf-publishable-1", "publishable")
	e.create("", "secret")
}

func TestCreateValidation(t *testing.T) {
	e := newEnv(t)
	cases := []struct{ body, want string }{
		{`{}`, "Invalid request: Field 'title' is required; Field 'type' is required"},
		{`{"title":"x"}`, "Invalid request: Field 'type' is required"},
		{`{"title":"x","type":"bogus"}`, "Invalid request: Expected: 'publishable, secret' for field 'type', but got: 'bogus'"},
		{`{"title":null,"type":"secret"}`, "Invalid request: Expected type: 'string' for field 'title', got: 'null'"},
		{`{"title":5,"type":"secret"}`, "Invalid request: Expected type: 'string' for field 'title', got: '5'"},
		{`{"title":"x","type":"secret","foo":1,"bar":2}`, "Invalid request: Unrecognized fields: 'foo, bar'"},
		{`{"type":"secret","2":1,"b":1,"1":1}`, "Invalid request: Field 'title' is required; Unrecognized fields: '1, 2, b'"},
		{`[{"title":"x","type":"secret"}]`, "Invalid request: Field '' is required"},
	}
	for _, c := range cases {
		expect(t, e.admin("POST", "/admin/api-keys", c.body), 400, invalid(c.want))
	}
	expect(t, e.admin("POST", "/admin/api-keys?foo=1", `{"title":"x","type":"secret"}`), 400, invalid("Invalid request: Unrecognized fields: 'foo'"))

	// Form-encoded bodies are accepted.
	r := e.doRaw("POST", "/admin/api-keys", "title=form&type=secret", "application/x-www-form-urlencoded", "Bearer "+e.jwt)
	expect(t, r, 200, "")
	if r.key()["title"] != "form" {
		t.Fatal(r.body)
	}
}

func TestMalformedJSON(t *testing.T) {
	e := newEnv(t)
	// Checked before authentication.
	expect(t, e.do("POST", "/admin/api-keys", `{"title":"x",}`, ""), 400,
		`{"message":"Malformed JSON at position 13: invalid character '}' looking for beginning of object key string","type":"invalid_data"}`)
	expect(t, e.admin("POST", "/admin/api-keys/x/revoke", `{"revoke_in":}`), 400,
		`{"message":"Malformed JSON at position 13: invalid character '}' looking for beginning of value","type":"invalid_data"}`)
	legacy := newEnv(t, WithLegacyErrors())
	expect(t, legacy.do("POST", "/admin/api-keys", `{"title":"x",}`, ""), 500, unknownErrorBody)
	sk := legacy.create("k", "secret")["token"].(string)
	expect(t, legacy.do("GET", "/admin/api-keys", "", "Bearer "+sk), 401, unauthorizedBody)
}

func TestRetrieve(t *testing.T) {
	e := newEnv(t)
	id := e.create("r", "secret")["id"].(string)
	cases := []struct {
		path   string
		status int
		body   string
	}{
		{"/admin/api-keys/apk_doesnotexist", 404, `{"type":"not_found","message":"API Key with id: apk_doesnotexist was not found"}`},
		{"/admin/api-keys/" + id + "?with_deleted=true", 400, invalid("Invalid request: Unrecognized fields: 'with_deleted'")},
		{"/admin/api-keys/" + id + "?foo=1", 400, invalid("Invalid request: Unrecognized fields: 'foo'")},
		{"/admin/api-keys/" + id + "?fields=id,title,type", 200, `{"api_key":{"id":"` + id + `","title":"r","type":"secret"}}`},
		{"/admin/api-keys/" + id + "?fields=id,token,type", 200, `{"api_key":{"id":"` + id + `","token":"","type":"secret"}}`},
		{"/admin/api-keys/" + id + "/", 200, ""},
		{"/ADMIN/API-KEYS/" + id, 200, ""},
	}
	for _, c := range cases {
		expect(t, e.admin("GET", c.path, ""), c.status, c.body)
	}
	// The pitfall: token without type leaks the stored hash.
	r := e.admin("GET", "/admin/api-keys/"+id+"?fields=id,token", "")
	expect(t, r, 200, "")
	if tok := r.key()["token"].(string); !reHash.MatchString(tok) || keysOf(r.key()) != "id,token" {
		t.Fatalf("pitfall: %s", r.body)
	}
}

func TestUnknownRoutesAreHTML404(t *testing.T) {
	e := newEnv(t)
	for _, c := range [][2]string{{"PUT", "/admin/api-keys/apk_1"}, {"PATCH", "/admin/api-keys"}, {"GET", "/admin/nope"}, {"DELETE", "/admin/api-keys/x/revoke"}} {
		r := e.admin(c[0], c[1], "")
		if r.status != 404 || !strings.Contains(r.body, "<pre>Cannot "+c[0]+" "+c[1]+"</pre>") ||
			r.header.Get("Content-Type") != "text/html; charset=utf-8" {
			t.Fatalf("%v: %d %q", c, r.status, r.body)
		}
	}
	r := e.do("GET", "/health", "", "")
	expect(t, r, 200, "OK")
}

func TestUpdate(t *testing.T) {
	e := newEnv(t)
	k := e.create("before", "secret")
	id := k["id"].(string)
	e.clock.Advance(time.Second)
	cases := []struct {
		body   string
		status int
		want   string
	}{
		{`{"title":"tf-secret-1","type":"publishable"}`, 400, invalid("Invalid request: Unrecognized fields: 'type'")},
		{`{"type":"publishable"}`, 400, invalid("Invalid request: Field 'title' is required; Unrecognized fields: 'type'")},
		{`{}`, 400, invalid("Invalid request: Field 'title' is required")},
		{`{"title":null}`, 400, invalid("Invalid request: Expected type: 'string' for field 'title', got: 'null'")},
		{`{"title":"x","revoked_at":null}`, 400, invalid("Invalid request: Unrecognized fields: 'revoked_at'")},
	}
	for _, c := range cases {
		expect(t, e.admin("POST", "/admin/api-keys/"+id, c.body), c.status, c.want)
	}
	r := e.admin("POST", "/admin/api-keys/"+id, `{"title":"after"}`)
	expect(t, r, 200, "")
	if r.key()["title"] != "after" || r.key()["token"] != "" || r.key()["updated_at"] != "2026-11-22T13:38:35.241Z" || r.key()["created_at"] != k["created_at"] {
		t.Fatalf("update: %s", r.body)
	}
	// Same title: nothing changes, updated_at stays.
	e.clock.Advance(time.Second)
	if r := e.admin("POST", "/admin/api-keys/"+id, `{"title":"after"}`); r.key()["updated_at"] != "2026-11-22T13:38:35.241Z" {
		t.Fatalf("no-op update bumped updated_at: %s", r.body)
	}
	expect(t, e.admin("POST", "/admin/api-keys/"+id, `{"title":""}`), 200, "")
	expect(t, e.admin("POST", "/admin/api-keys/"+id+"?fields=id,title", `{"title":"f"}`), 200, `{"api_key":{"id":"`+id+`","title":"f"}}`)
	expect(t, e.admin("POST", "/admin/api-keys/apk_doesnotexist", `{"title":"x"}`), 200, `{}`)
	expect(t, e.admin("POST", "/admin/api-keys/apk_doesnotexist", `{}`), 400, invalid("Invalid request: Field 'title' is required"))

	// Renaming a revoked key is allowed; a deleted key answers {}.
	expect(t, e.admin("POST", "/admin/api-keys/"+id+"/revoke", `{}`), 200, "")
	expect(t, e.admin("POST", "/admin/api-keys/"+id, `{"title":"rv-now-renamed"}`), 200, "")
	expect(t, e.admin("DELETE", "/admin/api-keys/"+id, ""), 200, "")
	expect(t, e.admin("POST", "/admin/api-keys/"+id, `{"title":"zombie"}`), 200, `{}`)
}

func TestRevoke(t *testing.T) {
	e := newEnv(t)
	sk := e.create("sk", "secret")["id"].(string)
	uid := e.srv.AdminUserID()

	e.clock.Advance(10 * time.Millisecond)
	r := e.admin("POST", "/admin/api-keys/"+sk+"/revoke", `{}`)
	expect(t, r, 200, "")
	if r.key()["revoked_at"] != "2026-11-22T13:38:34.251Z" || r.key()["revoked_by"] != uid || r.key()["updated_at"] != "2026-11-22T13:38:34.251Z" || r.key()["token"] != "" {
		t.Fatalf("revoke: %s", r.body)
	}
	expect(t, e.admin("POST", "/admin/api-keys/"+sk+"/revoke", `{}`), 400, invalid("There are 1 secret keys that are already revoked."))
	expect(t, e.admin("POST", "/admin/api-keys/"+sk+"/revoke", ""), 400, invalid("There are 1 secret keys that are already revoked."))

	// Scheduling, rescheduling, revoking a scheduled key now.
	s2 := e.create("sched", "secret")["id"].(string)
	revokedAt := func(body string) string {
		t.Helper()
		r := e.admin("POST", "/admin/api-keys/"+s2+"/revoke", body)
		expect(t, r, 200, "")
		return r.key()["revoked_at"].(string)
	}
	if got := revokedAt(`{"revoke_in":3600}`); got != "2026-11-22T14:38:34.251Z" {
		t.Fatal(got)
	}
	if got := revokedAt(`{"revoke_in":7200}`); got != "2026-11-22T15:38:34.251Z" {
		t.Fatal(got)
	}
	if got := revokedAt(`{"revoke_in":1.5}`); got != "2026-11-22T13:38:35.251Z" {
		t.Fatal("fraction truncated to whole seconds:", got)
	}
	if got := revokedAt(`{"revoke_in":-10}`); got != "2026-11-22T13:38:34.251Z" {
		t.Fatal(got)
	}
	expect(t, e.admin("POST", "/admin/api-keys/"+s2+"/revoke", `{"revoke_in":5}`), 400, invalid("There are 1 secret keys that are already revoked."))

	// Publishable keys can be revoked again and again.
	pk := e.create("pk", "publishable")["id"].(string)
	for i, want := range []string{"2026-11-22T13:38:34.251Z", "2026-11-22T13:38:35.251Z"} {
		r := e.admin("POST", "/admin/api-keys/"+pk+"/revoke", `{}`)
		expect(t, r, 200, "")
		if r.key()["revoked_at"] != want {
			t.Fatalf("pk revoke %d: %s", i, r.body)
		}
		e.clock.Advance(time.Second)
	}

	cases := []struct{ body, want string }{
		{`{"revoke_in":"3600"}`, invalid("Invalid request: Expected type: 'number' for field 'revoke_in', got: '3600'")},
		{`{"foo":1}`, invalid("Invalid request: Unrecognized fields: 'foo'")},
		{`{"revoke_in":null}`, invalid("Invalid request: Expected type: 'number' for field 'revoke_in', got: 'null'")},
	}
	for _, c := range cases {
		expect(t, e.admin("POST", "/admin/api-keys/"+pk+"/revoke", c.body), 400, c.want)
	}
	expect(t, e.admin("POST", "/admin/api-keys/apk_doesnotexist/revoke", `{}`), 200, `{}`)
	expect(t, e.admin("POST", "/admin/api-keys/"+pk+"/revoke?fields=id,revoked_by", `{}`), 200, `{"api_key":{"id":"`+pk+`","revoked_by":"`+uid+`"}}`)
	expect(t, e.admin("POST", "/admin/api-keys/"+pk+"/revoke?bogus=1", `{}`), 400, invalid("Invalid request: Unrecognized fields: 'bogus'"))
	// Beyond a JavaScript Date's range the database rejects the value.
	expect(t, e.admin("POST", "/admin/api-keys/"+pk+"/revoke", `{"revoke_in":1e20}`), 500, unknownErrorBody)
}

func TestDelete(t *testing.T) {
	e := newEnv(t)
	sk := e.create("sk", "secret")["id"].(string)
	pk := e.create("pk", "publishable")["id"].(string)
	sched := e.create("sched", "secret")["id"].(string)
	notRevoked := func(id string) string {
		return `{"type":"not_allowed","message":"Cannot delete api keys that are not revoked - ` + id + `"}`
	}
	expect(t, e.admin("DELETE", "/admin/api-keys/"+sk, ""), 400, notRevoked(sk))
	expect(t, e.admin("DELETE", "/admin/api-keys/"+pk, ""), 400, notRevoked(pk))
	expect(t, e.admin("POST", "/admin/api-keys/"+sched+"/revoke", `{"revoke_in":60}`), 200, "")
	expect(t, e.admin("DELETE", "/admin/api-keys/"+sched, ""), 400, notRevoked(sched))
	e.clock.Advance(time.Minute)
	deleted := func(id string) string { return `{"id":"` + id + `","object":"api_key","deleted":true}` }
	expect(t, e.admin("DELETE", "/admin/api-keys/"+sched, ""), 200, deleted(sched))

	expect(t, e.admin("POST", "/admin/api-keys/"+sk+"/revoke", `{}`), 200, "")
	expect(t, e.admin("DELETE", "/admin/api-keys/"+sk+"?ignored=1", ""), 200, deleted(sk))
	expect(t, e.admin("DELETE", "/admin/api-keys/"+sk, ""), 200, deleted(sk))
	expect(t, e.admin("DELETE", "/admin/api-keys/apk_doesnotexist", ""), 200, deleted("apk_doesnotexist"))

	expect(t, e.admin("GET", "/admin/api-keys/"+sk, ""), 404, `{"type":"not_found","message":"API Key with id: `+sk+` was not found"}`)
	for _, q := range []string{"id=" + sk, "id=" + sk + "&with_deleted=true", "deleted_at[$ne]=null&with_deleted=true"} {
		r := e.admin("GET", "/admin/api-keys?"+q, "")
		if r.json()["count"] != 0.0 {
			t.Fatalf("%s: %s", q, r.body)
		}
	}
	expect(t, e.admin("POST", "/admin/api-keys/"+sk+"/revoke", `{}`), 200, `{}`)
	if _, ok := e.srv.Key(sk); ok {
		t.Fatal("hard delete expected")
	}
}

func TestSingleActiveSecretKey(t *testing.T) {
	e := newEnv(t, WithSingleActiveSecretKey())
	one := `You can only have one active secret key a time. Revoke or delete your existing key before creating a new one.`
	first := e.create("first", "secret")["id"].(string)
	expect(t, e.admin("POST", "/admin/api-keys", `{"title":"second","type":"secret"}`), 400, invalid(one))
	e.create("pk is fine", "publishable")

	// A scheduled revocation still counts as active and cannot be changed.
	expect(t, e.admin("POST", "/admin/api-keys/"+first+"/revoke", `{"revoke_in":60}`), 200, "")
	expect(t, e.admin("POST", "/admin/api-keys", `{"title":"second","type":"secret"}`), 400, invalid(one))
	expect(t, e.admin("POST", "/admin/api-keys/"+first+"/revoke", `{}`), 400, invalid("There are 1 secret keys that are already revoked."))
	expect(t, e.admin("POST", "/admin/api-keys/"+first+"/revoke", `{"revoke_in":10}`), 400, invalid("There are 1 secret keys that are already revoked."))
	expect(t, e.admin("DELETE", "/admin/api-keys/"+first, ""), 400, `{"type":"not_allowed","message":"Cannot delete api keys that are not revoked - `+first+`"}`)
	if _, err := e.srv.CreateKey("oob", "secret"); err == nil || err.Error() != one {
		t.Fatalf("out-of-band create must follow the rule: %v", err)
	}

	e.clock.Advance(time.Minute)
	e.create("second", "secret")
	expect(t, e.admin("DELETE", "/admin/api-keys/"+first, ""), 200, "")
}

func TestSeed(t *testing.T) {
	e := newEnv(t)
	r := e.admin("GET", "/admin/api-keys", "")
	ks := r.keys()
	if len(ks) != 1 || ks[0]["title"] != "Default Publishable API Key" || ks[0]["type"] != "publishable" {
		t.Fatalf("seed: %s", r.body)
	}
	scs := ks[0]["sales_channels"].([]any)
	if len(scs) != 1 || scs[0].(map[string]any)["id"] != e.srv.DefaultSalesChannelID() || scs[0].(map[string]any)["name"] != "Default Sales Channel" {
		t.Fatalf("seed link: %s", r.body)
	}
	bare := newEnv(t, WithoutSeed())
	r = bare.admin("GET", "/admin/api-keys", "")
	expect(t, r, 200, `{"api_keys":[],"count":0,"offset":0,"limit":20}`)
	if !strings.HasPrefix(bare.srv.DefaultSalesChannelID(), "sc_") {
		t.Fatal("default channel must still be seeded")
	}
}
