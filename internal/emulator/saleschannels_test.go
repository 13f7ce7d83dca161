// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"strings"
	"testing"
	"time"
)

func TestSalesChannelsEndpoints(t *testing.T) {
	e := newEnv(t)
	def := e.srv.DefaultSalesChannelID()
	expect(t, e.admin("GET", "/admin/sales-channels?fields=id,name,is_disabled", ""), 200,
		`{"sales_channels":[{"id":"`+def+`","name":"Default Sales Channel","is_disabled":false}],"count":1,"offset":0,"limit":20}`)

	e.clock.Advance(time.Second)
	r := e.admin("POST", "/admin/sales-channels", `{"name":"TF Channel"}`)
	expect(t, r, 200, "")
	sc := r.json()["sales_channel"].(map[string]any)
	if !strings.HasPrefix(sc["id"].(string), "sc_") || sc["name"] != "TF Channel" || sc["description"] != nil || sc["is_disabled"] != false {
		t.Fatalf("create: %s", r.body)
	}
	expect(t, e.admin("POST", "/admin/sales-channels", `{}`), 400, invalid("Invalid request: Field 'name' is required"))
	expect(t, e.admin("POST", "/admin/sales-channels", `{"name":"x","foo":1}`), 400, invalid("Invalid request: Unrecognized fields: 'foo'"))
	e.clock.Advance(time.Second)
	expect(t, e.admin("POST", "/admin/sales-channels", `{"name":"Off","description":"d","is_disabled":true,"metadata":{"a":1}}`), 200, "")

	r = e.admin("GET", "/admin/sales-channels?order=-created_at&limit=2&fields=name", "")
	expect(t, r, 200, `{"sales_channels":[{"name":"Off","id":"`+lastChannel(e)+`"},{"name":"TF Channel","id":"`+sc["id"].(string)+`"}],"count":3,"offset":0,"limit":2}`)
	for q, want := range map[string]int{"q=tf": 1, "name=Off": 1, "is_disabled=true": 1, "is_disabled=false": 2, "id=" + def: 1, "q=": 3} {
		if got := len(e.admin("GET", "/admin/sales-channels?"+q, "").json()["sales_channels"].([]any)); got != want {
			t.Errorf("%s: got %d want %d", q, got, want)
		}
	}
	expect(t, e.admin("GET", "/admin/sales-channels?foo=1", ""), 400, invalid("Invalid request: Unrecognized fields: 'foo'"))

	expect(t, e.admin("GET", "/admin/sales-channels/sc_nope", ""), 404, `{"type":"not_found","message":"Sales channel with id: sc_nope was not found"}`)
	r = e.admin("GET", "/admin/sales-channels/"+def+"?fields=id,*publishable_api_keys", "")
	expect(t, r, 200, "")
	pks := r.json()["sales_channel"].(map[string]any)["publishable_api_keys"].([]any)
	if len(pks) != 1 || pks[0].(map[string]any)["title"] != "Default Publishable API Key" {
		t.Fatalf("reverse view: %s", r.body)
	}
}

func lastChannel(e *env) string {
	e.srv.st.mu.RLock()
	defer e.srv.st.mu.RUnlock()
	return e.srv.st.channelList[len(e.srv.st.channelList)-1].id
}

func TestKeySalesChannels(t *testing.T) {
	e := newEnv(t, WithoutSeed())
	def := e.srv.DefaultSalesChannelID()
	tf, _ := e.srv.CreateSalesChannel("TF Channel")
	pk := e.create("pk", "publishable")
	id := pk["id"].(string)
	sk := e.create("sk", "secret")["id"].(string)
	e.clock.Advance(time.Second)
	link := func(body string) resp { return e.admin("POST", "/admin/api-keys/"+id+"/sales-channels", body) }
	channels := func(r resp) string {
		t.Helper()
		expect(t, r, 200, "")
		var names []string
		for _, sc := range r.key()["sales_channels"].([]any) {
			names = append(names, sc.(map[string]any)["name"].(string))
		}
		if r.key()["updated_at"] != pk["updated_at"] {
			t.Fatalf("linking must not bump updated_at: %s", r.body)
		}
		return strings.Join(names, "|")
	}
	steps := []struct{ body, want string }{
		{`{"add":["` + def + `","` + tf + `"]}`, "Default Sales Channel|TF Channel"},
		{`{"add":["` + tf + `"]}`, "Default Sales Channel|TF Channel"},
		{`{"remove":["` + def + `"]}`, "TF Channel"},
		{`{"remove":["` + def + `"]}`, "TF Channel"},
		{`{"add":["` + def + `"],"remove":["` + tf + `"]}`, "Default Sales Channel"},
		{`{}`, "Default Sales Channel"},
		{`{"remove":["sc_doesnotexist"]}`, "Default Sales Channel"},
	}
	for _, s := range steps {
		if got := channels(link(s.body)); got != s.want {
			t.Fatalf("%s: got %s want %s", s.body, got, s.want)
		}
	}
	expect(t, link(`{"add":["sc_doesnotexist"]}`), 400, invalid("Sales channels with IDs sc_doesnotexist do not exist"))
	expect(t, link(`{"add":"`+def+`"}`), 400, invalid("Invalid request: Expected type: 'array' for field 'add', got: '"+def+"'"))
	expect(t, link(`{"set":["x"]}`), 400, invalid("Invalid request: Unrecognized fields: 'set'"))
	expect(t, link(`{"add":[5]}`), 400, invalid("Invalid request: Expected type: 'string' for field 'add, 0', got: '5'"))
	expect(t, e.admin("POST", "/admin/api-keys/"+sk+"/sales-channels", `{"add":["`+def+`"]}`), 400, invalid("Sales channels can only be associated with publishable API keys"))
	expect(t, e.admin("POST", "/admin/api-keys/apk_doesnotexist/sales-channels", `{"add":["`+def+`"]}`), 500, unknownErrorBody)
	expect(t, e.admin("POST", "/admin/api-keys/"+id+"/sales-channels?fields=id", `{}`), 200, `{"api_key":{"id":"`+id+`"}}`)

	// Deleting the key removes its links.
	expect(t, e.admin("POST", "/admin/api-keys/"+id+"/revoke", `{}`), 200, "")
	expect(t, e.admin("DELETE", "/admin/api-keys/"+id, ""), 200, "")
	r := e.admin("GET", "/admin/sales-channels/"+def+"?fields=*publishable_api_keys", "")
	if !strings.Contains(r.body, `"publishable_api_keys":[]`) {
		t.Fatal(r.body)
	}
}
