// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package testenv

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
)

// TitleFilterIgnorer starts a proxy in front of target (a base URL) that
// drops the exact title[] filter of key listings and asks for a substring
// (q) of the title instead, marker removed, as a gateway or a server that
// ignores the filter would answer: keys with similar titles come back too.
// It returns the proxy's base URL.
func TitleFilterIgnorer(t testing.TB, target string) string {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	direct := rp.Director
	rp.Director = func(r *http.Request) {
		direct(r)
		q := r.URL.Query()
		if r.Method != http.MethodGet || !strings.HasSuffix(r.URL.Path, "/admin/api-keys") || !q.Has("title[]") {
			return
		}
		title := q.Get("title[]")
		q.Del("title[]")
		if i := strings.Index(title, " [tf-create "); i >= 0 {
			title = title[:i]
		}
		q.Set("q", title)
		r.URL.RawQuery = q.Encode()
	}
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	return srv.URL
}
