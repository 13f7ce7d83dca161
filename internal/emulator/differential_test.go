// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator_test

// The differential check: the same raw HTTP requests go to this emulator and
// to a real server (make conformance sets XCLADE_TEST_BASE_URL), and the
// answers must agree in status, body kind, error type and message, and the
// set of fields. It speaks plain net/http, so neither the client's nor the
// provider's reading of the contract is involved: two independent readings,
// compared row by row.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xclade/terraform-provider-xclade/internal/emulator"
)

type server struct {
	base, auth string
	vars       map[string]string // placeholder -> id on this server
}

type answer struct {
	Status  int
	Kind    string // json, html, empty
	Type    string
	Message string
	Keys    string // sorted top-level keys, and those of api_key
}

func (s *server) do(t *testing.T, method, path, body, auth string) answer {
	t.Helper()
	for k, v := range s.vars {
		path, body = strings.ReplaceAll(path, k, v), strings.ReplaceAll(body, k, v)
	}
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	switch auth {
	case "default":
		req.Header.Set("Authorization", s.auth)
	case "none":
	default:
		req.Header.Set("Authorization", strings.ReplaceAll(auth, "{sk_token}", s.vars["{sk_token}"]))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := answer{Status: resp.StatusCode, Kind: "empty"}
	switch {
	case strings.Contains(resp.Header.Get("Content-Type"), "json"):
		a.Kind = "json"
		var m map[string]any
		if json.Unmarshal(raw, &m) == nil {
			a.Type, _ = m["type"].(string)
			a.Message, _ = m["message"].(string)
			a.Keys = keysOf(m)
			if k, ok := m["api_key"].(map[string]any); ok {
				a.Keys += " api_key:" + keysOf(k)
				if tok, ok := k["token"].(string); ok {
					a.Keys += fmt.Sprintf(" token_len:%d", len(tok))
				}
			}
		}
	case bytes.HasPrefix(bytes.TrimSpace(raw), []byte("<")):
		a.Kind = "html"
	}
	// Ids differ between servers: compare messages with placeholders.
	for k, v := range s.vars {
		if v != "" {
			a.Message = strings.ReplaceAll(a.Message, v, k)
		}
	}
	return a
}

func keysOf(m map[string]any) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return strings.Join(keys, ",")
}

var skRE = regexp.MustCompile(`^sk_[0-9a-f]{64}$`)

// setup creates the fixtures every row refers to, through the API itself.
func setup(t *testing.T, s *server) {
	t.Helper()
	create := func(title, typ string) (string, string) {
		req, _ := http.NewRequest("POST", s.base+"/admin/api-keys", strings.NewReader(fmt.Sprintf(`{"title":%q,"type":%q}`, title, typ)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", s.auth)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out struct {
			APIKey struct{ ID, Token string } `json:"api_key"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.APIKey.ID == "" {
			t.Fatalf("creating a fixture on %s: status %d, %v", s.base, resp.StatusCode, err)
		}
		return out.APIKey.ID, out.APIKey.Token
	}
	s.vars = map[string]string{}
	s.vars["{sk}"], s.vars["{sk_token}"] = create("differential secret", "secret")
	s.vars["{pk}"], _ = create("differential publishable", "publishable")
	s.vars["{revoked}"], _ = create("differential revoked", "secret")
	s.do(t, "POST", "/admin/api-keys/{revoked}/revoke", "{}", "default")
	if !skRE.MatchString(s.vars["{sk_token}"]) {
		t.Fatalf("fixture secret key has no sk_ token")
	}
	// A sales channel id that exists on this server.
	req, _ := http.NewRequest("GET", s.base+"/admin/sales-channels?fields=id&limit=1", nil)
	req.Header.Set("Authorization", s.auth)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var scs struct {
		SalesChannels []struct{ ID string } `json:"sales_channels"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&scs); err != nil || len(scs.SalesChannels) == 0 {
		t.Fatalf("no sales channel on %s", s.base)
	}
	s.vars["{sc}"] = scs.SalesChannels[0].ID
}

func realServer(t *testing.T) *server {
	base := os.Getenv("XCLADE_TEST_BASE_URL")
	if base == "" {
		t.Skip("differential check: needs a real server (XCLADE_TEST_BASE_URL); runs in make conformance")
	}
	if key := os.Getenv("XCLADE_TEST_API_KEY"); key != "" {
		return &server{base: base, auth: "Basic " + base64.StdEncoding.EncodeToString([]byte(key+":"))}
	}
	body := fmt.Sprintf(`{"email":%q,"password":%q}`, os.Getenv("XCLADE_TEST_EMAIL"), os.Getenv("XCLADE_TEST_PASSWORD"))
	resp, err := http.Post(base+"/auth/user/emailpass", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Token string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Token == "" {
		t.Fatalf("login to the real server: status %d", resp.StatusCode)
	}
	return &server{base: base, auth: "Bearer " + out.Token}
}

func TestDifferential_emulatorAnswersLikeTheRealServer(t *testing.T) {
	real := realServer(t)
	emu := emulator.New()
	srv := httptest.NewServer(emu)
	defer srv.Close()
	admin, err := emu.CreateKey("differential admin", "secret")
	if err != nil {
		t.Fatal(err)
	}
	local := &server{base: srv.URL, auth: "Basic " + base64.StdEncoding.EncodeToString([]byte(admin.Token+":"))}
	setup(t, real)
	setup(t, local)

	rows := []struct{ method, path, body, auth string }{
		{"GET", "/admin/api-keys/{sk}", "", "default"},
		{"GET", "/admin/api-keys/{pk}", "", "default"},
		{"GET", "/admin/api-keys/apk_doesnotexist", "", "default"},
		{"GET", "/admin/api-keys/{sk}?foo=1", "", "default"},
		{"GET", "/admin/api-keys/{sk}?with_deleted=true", "", "default"},
		{"GET", "/admin/api-keys/{sk}?fields=id,token", "", "default"},
		{"GET", "/admin/api-keys/{sk}?fields=id,token,type", "", "default"},
		{"GET", "/admin/api-keys?id={sk}&fields=id,title,type", "", "default"},
		{"GET", "/admin/api-keys?foo=bar", "", "default"},
		{"GET", "/admin/api-keys?limit=abc", "", "default"},
		{"GET", "/admin/api-keys?limit=-1", "", "default"},
		{"GET", "/admin/api-keys?order=bogus", "", "default"},
		{"GET", "/admin/api-keys?order=type,-created_at", "", "default"},
		{"GET", "/admin/api-keys?type=bogus", "", "default"},
		{"GET", "/admin/api-keys?count=true", "", "default"},
		{"GET", "/admin/api-keys?with_deleted=yes", "", "default"},
		{"GET", "/admin/api-keys?sales_channel_id=x", "", "default"},
		{"GET", "/admin/api-keys?title[$ilike]=%25alpha%25", "", "default"},
		{"POST", "/admin/api-keys", `{"title":"x","type":"bogus"}`, "default"},
		{"POST", "/admin/api-keys", `{"title":"x","type":"secret","foo":1}`, "default"},
		{"POST", "/admin/api-keys", `{"title":"x","type":"secret"}`, "none"},
		{"POST", "/admin/api-keys/apk_doesnotexist", `{"title":"x"}`, "default"},
		{"POST", "/admin/api-keys/apk_doesnotexist/revoke", `{}`, "default"},
		{"DELETE", "/admin/api-keys/apk_doesnotexist", "", "default"},
		{"POST", "/admin/api-keys/{sk}", `{"title":"x","type":"publishable"}`, "default"},
		{"POST", "/admin/api-keys/{sk}", `{"type":"publishable"}`, "default"},
		{"POST", "/admin/api-keys/{sk}", `{}`, "default"},
		{"POST", "/admin/api-keys/{sk}", `{"title":null}`, "default"},
		{"POST", "/admin/api-keys/{sk}", `{"title":"x","revoked_at":null}`, "default"},
		{"POST", "/admin/api-keys/{sk}/revoke", `{"revoke_in":"3600"}`, "default"},
		{"POST", "/admin/api-keys/{sk}/revoke", `{"foo":1}`, "default"},
		{"DELETE", "/admin/api-keys/{sk}", "", "default"},
		{"POST", "/admin/api-keys/{revoked}/revoke", `{}`, "default"},
		{"POST", "/admin/api-keys/{sk}/sales-channels", `{"add":["{sc}"]}`, "default"},
		{"POST", "/admin/api-keys/{pk}/sales-channels", `{"add":"{sc}"}`, "default"},
		{"POST", "/admin/api-keys/{pk}/sales-channels", `{"set":["{sc}"]}`, "default"},
		{"POST", "/admin/api-keys/{pk}/sales-channels", `{"add":["sc_doesnotexist"]}`, "default"},
		{"POST", "/admin/api-keys/{pk}/sales-channels", `{"add":["{sc}"]}`, "default"},
		{"POST", "/admin/api-keys/apk_doesnotexist/sales-channels", `{"add":["{sc}"]}`, "default"},
		{"PUT", "/admin/api-keys/{sk}", `{}`, "default"},
		{"GET", "/admin/api-keys", "", "none"},
		{"GET", "/admin/api-keys?limit=1", "", "Bearer {sk_token}"},
		{"GET", "/admin/api-keys?limit=1&fields=id", "", "Basic {sk_token}"},
		{"POST", "/auth/user/emailpass", `{}`, "none"},
		{"POST", "/admin/api-keys/{revoked}", `{"title":"renamed after revocation"}`, "default"},
		{"DELETE", "/admin/api-keys/{revoked}", "", "default"},
		{"GET", "/admin/api-keys/{revoked}", "", "default"},
	}
	for _, r := range rows {
		want := real.do(t, r.method, r.path, r.body, r.auth)
		got := local.do(t, r.method, r.path, r.body, r.auth)
		if got != want {
			t.Errorf("%s %s %s\n  real server: %+v\n  emulator:    %+v", r.method, r.path, r.body, want, got)
		}
	}
	t.Logf("%d requests compared", len(rows))
}
