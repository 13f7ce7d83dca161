// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

type listFixture struct {
	*env
	ids      map[string]string // title → id
	tokens   map[string]string
	redacted map[string]string
	start    time.Time
}

// newListFixture creates, one second apart: alpha-secret (secret),
// alpha-pub (publishable), beta (secret, revoked), gamma (publishable,
// scheduled for revocation in an hour), Delta (secret).
func newListFixture(t *testing.T) *listFixture {
	e := newEnv(t, WithoutSeed())
	f := &listFixture{env: e, ids: map[string]string{}, tokens: map[string]string{}, redacted: map[string]string{}, start: e.clock.Now()}
	for _, k := range [][2]string{{"alpha-secret", "secret"}, {"alpha-pub", "publishable"}, {"beta", "secret"}, {"gamma", "publishable"}, {"Delta", "secret"}} {
		m := e.create(k[0], k[1])
		f.ids[k[0]] = m["id"].(string)
		f.tokens[k[0]] = m["token"].(string)
		f.redacted[k[0]] = m["redacted"].(string)
		e.clock.Advance(time.Second)
	}
	expect(t, e.admin("POST", "/admin/api-keys/"+f.ids["beta"]+"/revoke", `{}`), 200, "")
	expect(t, e.admin("POST", "/admin/api-keys/"+f.ids["gamma"]+"/revoke", `{"revoke_in":3600}`), 200, "")
	e.clock.Advance(time.Second)
	return f
}

func (f *listFixture) titles(query string) []string {
	f.t.Helper()
	r := f.admin("GET", "/admin/api-keys?"+query, "")
	if r.status != 200 {
		f.t.Fatalf("%s: %d %s", query, r.status, r.body)
	}
	out := []string{}
	for _, k := range r.keys() {
		out = append(out, k["title"].(string))
	}
	return out
}

func ts(t time.Time) string { return url.QueryEscape(formatTime(t)) }

func TestListFilters(t *testing.T) {
	f := newListFixture(t)
	now := ts(f.clock.Now())
	all := []string{"alpha-secret", "alpha-pub", "beta", "gamma", "Delta"}
	cases := []struct {
		query string
		want  []string
	}{
		{"", all},
		{"q=alpha", []string{"alpha-secret", "alpha-pub"}},
		{"q=ALPHA", []string{"alpha-secret", "alpha-pub"}},
		{"q=delta", []string{"Delta"}},
		{"q=" + url.QueryEscape(strings.ToUpper(f.redacted["beta"])), []string{"beta"}},
		{"q=" + url.QueryEscape(f.redacted["Delta"]), []string{"Delta"}},
		{"q=", all},
		{"q=a_pu", []string{"alpha-pub"}},
		{"q=%25", all},
		{"type=secret", []string{"alpha-secret", "beta", "Delta"}},
		{"type=publishable", []string{"alpha-pub", "gamma"}},
		{"id=" + f.ids["beta"], []string{"beta"}},
		{"id[]=" + f.ids["beta"] + "&id[]=" + f.ids["gamma"], []string{"beta", "gamma"}},
		{"id=" + f.ids["beta"] + "&id=" + f.ids["gamma"], []string{"beta", "gamma"}},
		{"id=" + f.ids["beta"] + "," + f.ids["gamma"], nil},
		{"id[]=" + f.ids["beta"] + "," + f.ids["gamma"], []string{"beta", "gamma"}},
		{"id=apk_doesnotexist", nil},
		{"title=alpha-secret", []string{"alpha-secret"}},
		{"title=alpha", nil},
		{"title[]=alpha-secret&title[]=beta", []string{"alpha-secret", "beta"}},
		{"token=" + f.tokens["gamma"], []string{"gamma"}},
		{"token=" + f.tokens["beta"], nil},
		{"created_at[$gt]=" + ts(f.start.Add(2*time.Second)), []string{"gamma", "Delta"}},
		{"created_at[$gte]=" + ts(f.start.Add(time.Second)) + "&created_at[$lt]=" + ts(f.start.Add(3*time.Second)), []string{"alpha-pub", "beta"}},
		{"created_at[$lte]=" + ts(f.start), []string{"alpha-secret"}},
		{"created_at[$eq]=" + ts(f.start), []string{"alpha-secret"}},
		{"created_at=" + ts(f.start), []string{"alpha-secret"}},
		{"created_at[$ne]=" + ts(f.start), []string{"alpha-pub", "beta", "gamma", "Delta"}},
		{"created_at[$bogus]=x", all},
		{"created_at[$in][]=" + ts(f.start) + "&created_at[$in][]=" + ts(f.start.Add(4*time.Second)), []string{"alpha-secret", "Delta"}},
		{"created_at[$gt]=2026-11-22", all},
		{"updated_at[$gt]=" + ts(f.start.Add(4*time.Second)), []string{"beta", "gamma"}},
		{"revoked_at[$gt]=" + now, []string{"gamma"}},
		{"revoked_at[$lte]=" + now, []string{"beta"}},
		{"revoked_at=null", []string{"alpha-secret", "alpha-pub", "Delta"}},
		{"revoked_at[$eq]=null", []string{"alpha-secret", "alpha-pub", "Delta"}},
		{"revoked_at[$ne]=null", []string{"beta", "gamma"}},
		{"revoked_at[$gt]=null", nil},
		{"deleted_at=null", all},
		{"$or[0][title]=alpha-secret&$or[1][type]=publishable", []string{"alpha-secret", "alpha-pub", "gamma"}},
		{"$and[0][type]=secret&$and[1][title]=alpha-secret", []string{"alpha-secret"}},
		{"$or[0][revoked_at][$eq]=null&$or[1][revoked_at][$gt]=" + now + "&type=secret", []string{"alpha-secret", "Delta"}},
		{"$or[0][foo]=x", all},
		{"$or[1][title]=beta&$or[0][title]=gamma", []string{"beta", "gamma"}},
		{"$or[0][$and][0][type]=secret&$or[0][$and][1][q]=alpha&$or[1][title]=gamma", []string{"alpha-secret", "gamma"}},
		{"with_deleted=true", all},
		{"with_deleted=false", all},
		{"type=secret&q=a", []string{"alpha-secret", "beta", "Delta"}},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			got := f.titles(c.query)
			want := c.want
			if want == nil {
				want = []string{}
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("got %v want %v", got, want)
			}
		})
	}
}

func TestListValidation(t *testing.T) {
	f := newListFixture(t)
	cases := []struct {
		query  string
		status int
		body   string
	}{
		{"limit=abc", 400, invalid("Invalid request: Expected type: 'number' for field 'limit', got: 'abc'")},
		{"offset=x", 400, invalid("Invalid request: Expected type: 'number' for field 'offset', got: 'x'")},
		{"count=true", 400, invalid("Invalid request: Unrecognized fields: 'count'")},
		{"type=bogus", 400, invalid("Invalid request: Expected: 'publishable, secret' for field 'type', but got: 'bogus'")},
		{"title[$ilike]=%25alpha%25", 400, invalid("Invalid request: Expected type: 'string, array' for field 'title', got: '[object Object]'")},
		{"with_deleted=yes", 400, invalid("Invalid request: Expected type: 'boolean' for field 'with_deleted', got: 'yes'")},
		{"sales_channel_id=sc_1", 400, invalid("Invalid request: Unrecognized fields: 'sales_channel_id'")},
		{"foo=bar", 400, invalid("Invalid request: Unrecognized fields: 'foo'")},
		{"foo=1&bar=2", 400, invalid("Invalid request: Unrecognized fields: 'foo, bar'")},
		{"$or[0][type]=bogus", 400, invalid("Invalid request: Expected: 'publishable, secret' for field '$or, 0, type', but got: 'bogus'")},
		{"$or=x", 400, invalid("Invalid request: Expected type: 'array' for field '$or', got: 'x'")},
		{"fields[]=id", 400, invalid("Invalid request: Expected type: 'string' for field 'fields', got: 'id'")},
		{"limit=-1", 500, unknownErrorBody},
		{"offset=-1", 500, unknownErrorBody},
		{"order=bogus", 500, unknownErrorBody},
		{"order=type,-created_at", 500, unknownErrorBody},
		{"order=", 500, unknownErrorBody},
		{"created_at[$gt]=not-a-date", 500, unknownErrorBody},
		{"created_at[$ilike]=2026", 500, unknownErrorBody},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			expect(t, f.admin("GET", "/admin/api-keys?"+c.query, ""), c.status, c.body)
		})
	}
}

func TestListPagingAndOrder(t *testing.T) {
	f := newListFixture(t)
	r := f.admin("GET", "/admin/api-keys?limit=2&offset=1", "")
	if got := r.ids(); !reflect.DeepEqual(got, []string{f.ids["alpha-pub"], f.ids["beta"]}) {
		t.Fatalf("page: %v", got)
	}
	if m := r.json(); m["count"] != 5.0 || m["offset"] != 1.0 || m["limit"] != 2.0 {
		t.Fatalf("paging meta: %s", r.body)
	}
	expect(t, f.admin("GET", "/admin/api-keys?limit=2&offset=100", ""), 200, `{"api_keys":[],"count":5,"offset":100,"limit":2}`)
	expect(t, f.admin("GET", "/admin/api-keys?limit=0", ""), 200, `{"api_keys":[],"count":5,"offset":0,"limit":0}`)
	if got := f.titles("limit=1.9"); len(got) != 1 {
		t.Fatal("parseInt truncates:", got)
	}
	if got := f.titles("limit=1000"); len(got) != 5 {
		t.Fatal(got)
	}
	if m := f.admin("GET", "/admin/api-keys", "").json(); m["limit"] != 20.0 || m["offset"] != 0.0 {
		t.Fatal(m)
	}

	orders := []struct {
		order string
		want  []string
	}{
		{"created_at", []string{"alpha-secret", "alpha-pub", "beta", "gamma", "Delta"}},
		{"-created_at", []string{"Delta", "gamma", "beta", "alpha-pub", "alpha-secret"}},
		{"title", []string{"Delta", "alpha-pub", "alpha-secret", "beta", "gamma"}},
		{"-title", []string{"gamma", "beta", "alpha-secret", "alpha-pub", "Delta"}},
		{"id", []string{"alpha-secret", "alpha-pub", "beta", "gamma", "Delta"}},
		{"-id", []string{"Delta", "gamma", "beta", "alpha-pub", "alpha-secret"}},
		// NULLs last ascending, first descending; ties in id order.
		{"revoked_at", []string{"beta", "gamma", "alpha-secret", "alpha-pub", "Delta"}},
		{"-revoked_at", []string{"alpha-secret", "alpha-pub", "Delta", "gamma", "beta"}},
		{"type", []string{"alpha-pub", "gamma", "alpha-secret", "beta", "Delta"}},
	}
	for _, o := range orders {
		if got := f.titles("order=" + o.order); !reflect.DeepEqual(got, o.want) {
			t.Errorf("order=%s: got %v want %v", o.order, got, o.want)
		}
	}
	// The trailing slash is the same route.
	if got := f.admin("GET", "/admin/api-keys/?limit=1", "").ids(); len(got) != 1 {
		t.Fatal(got)
	}
}

func TestListFields(t *testing.T) {
	f := newListFixture(t)
	first := func(query string) map[string]any {
		t.Helper()
		r := f.admin("GET", "/admin/api-keys?limit=1&"+query, "")
		expect(t, r, 200, "")
		return r.keys()[0]
	}
	cases := []struct {
		fields string
		want   string
	}{
		{"id,title,type", "id,title,type"},
		{"nonexistent", "id"},
		{"", "id"},
		{"title", "id,title"},
		{"+deleted_at", "created_at,created_by,deleted_at,id,last_used_at,redacted,revoked_at,revoked_by,sales_channels,title,token,type,updated_at"},
		{" last_used_at", "created_at,created_by,id,last_used_at,redacted,revoked_at,revoked_by,sales_channels,title,token,type,updated_at"},
		{"-token", "created_at,created_by,id,last_used_at,redacted,revoked_at,revoked_by,sales_channels,title,type,updated_at"},
		{"-sales_channels", "created_at,created_by,id,last_used_at,redacted,revoked_at,revoked_by,title,token,type,updated_at"},
		{"-token,-sales_channels,-created_by", "created_at,id,last_used_at,redacted,revoked_at,revoked_by,title,type,updated_at"},
		{"id,*sales_channels", "id,sales_channels"},
		{"salt", "id"},
	}
	for _, c := range cases {
		t.Run(c.fields, func(t *testing.T) {
			if got := keysOf(first("fields=" + url.QueryEscape(c.fields))); got != c.want {
				t.Fatalf("got %s want %s", got, c.want)
			}
		})
	}
	// "+" unescaped in a query string decodes to a space: same meaning.
	if got := keysOf(first("fields=+deleted_at")); !strings.Contains(got, "deleted_at") || !strings.Contains(got, "title") {
		t.Fatal(got)
	}
	// Field order follows the request.
	r := f.admin("GET", "/admin/api-keys?limit=1&fields=type,id", "")
	if !strings.HasPrefix(r.body, `{"api_keys":[{"type":"secret","id":`) {
		t.Fatal(r.body)
	}
	// Secret tokens: "" with type, the hash without.
	r = f.admin("GET", "/admin/api-keys?type=secret&fields=id,token", "")
	for _, k := range r.keys() {
		if !reHash.MatchString(k["token"].(string)) {
			t.Fatalf("pitfall: %v", k)
		}
	}
	r = f.admin("GET", "/admin/api-keys?type=secret&fields=id,token,type", "")
	for _, k := range r.keys() {
		if k["token"] != "" {
			t.Fatalf("blanked: %v", k)
		}
	}
	// Full sales channel objects.
	pk := f.ids["alpha-pub"]
	expect(t, f.admin("POST", "/admin/api-keys/"+pk+"/sales-channels", `{"add":["`+f.srv.DefaultSalesChannelID()+`"]}`), 200, "")
	r = f.admin("GET", "/admin/api-keys/"+pk+"?fields=id,*sales_channels", "")
	sc := r.key()["sales_channels"].([]any)[0].(map[string]any)
	if keysOf(sc) != "created_at,deleted_at,description,id,is_disabled,metadata,name,updated_at" {
		t.Fatalf("full sales channel: %s", r.body)
	}
	r = f.admin("GET", "/admin/api-keys/"+pk+"?fields=id,sales_channels.name", "")
	expect(t, r, 200, `{"api_key":{"id":"`+pk+`","sales_channels":[{"name":"Default Sales Channel"}]}}`)
}
