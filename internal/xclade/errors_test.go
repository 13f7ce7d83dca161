// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package xclade_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// Only the API's own 404 (type "not_found") says a key is gone. Any other
// 404 (a gateway's JSON, an HTML page, an empty body) is an error that names
// the URL and the setting it came from, on every read path: a GET, a
// coalesced read, a revoke.
func TestNotFoundOnlyInTheAPIsShape(t *testing.T) {
	const id = "apk_01ZZZZZZZZZZZZZZZZZZZZZZZZ"
	for _, tc := range []struct {
		name, contentType, body string
		notFound                bool
	}{
		{"the API's not_found", "application/json", `{"type":"not_found","message":"API Key with id: ` + id + ` was not found"}`, true},
		{"a JSON gateway", "application/json", `{"detail":"Not Found"}`, false},
		{"a JSON message without a type", "application/json", `{"message":"Not Found"}`, false},
		{"an HTML page", "text/html", "<pre>Cannot GET /v2/admin/api-keys/" + id + "</pre>", false},
		{"an empty body", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tc.contentType != "" {
					w.Header().Set("Content-Type", tc.contentType)
				}
				w.WriteHeader(http.StatusNotFound)
				fmt.Fprint(w, tc.body)
			}))
			defer srv.Close()
			client := newClient(t, xclade.Config{BaseURL: srv.URL + "/v2", BaseURLSetting: "XCLADE_BASE_URL", APIKey: testAPIKey})
			ctx := context.Background()
			reads := map[string]func() error{
				"GET":       func() error { _, err := client.GetAPIKey(ctx, id); return err },
				"coalesced": func() error { _, err := client.GetAPIKeyBatched(ctx, id); return err },
				"revoke":    func() error { _, err := client.RevokeAPIKey(ctx, id, 0); return err },
			}
			for name, read := range reads {
				err := read()
				if got := xclade.IsNotFound(err); got != tc.notFound {
					t.Errorf("%s answered 404 %s: IsNotFound = %v, want %v (%v)", name, tc.body, got, tc.notFound, err)
				}
				if !tc.notFound && (err == nil || !strings.Contains(err.Error(), srv.URL+"/v2 (from XCLADE_BASE_URL)")) {
					t.Errorf("%s: %v; want an error naming the URL and the setting it came from", name, err)
				}
			}
		})
	}
}
