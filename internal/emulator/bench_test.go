// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

func seedKeys(tb testing.TB, s *Server, n int) {
	tb.Helper()
	for i := 0; i < n; i++ {
		typ := "publishable"
		if i%2 == 0 {
			typ = "secret"
		}
		if _, err := s.CreateKey("bench-"+strconv.Itoa(i), typ); err != nil {
			tb.Fatal(err)
		}
	}
}

// serveDirect runs one request through ServeHTTP without a network hop.
func serveDirect(s *Server, auth, target string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", target, nil)
	req.Header.Set("Authorization", auth)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec
}

func TestList10kPages(t *testing.T) {
	s := New(WithoutSeed())
	seedKeys(t, s, 10_000)
	sk, _ := s.CreateKey("auth", "secret")
	auth := basic(sk.Token)
	seen := 0
	for offset := 0; ; offset += 1000 {
		rec := serveDirect(s, auth, "/admin/api-keys?limit=1000&order=created_at&offset="+strconv.Itoa(offset))
		if rec.Code != http.StatusOK {
			t.Fatal(rec.Code, rec.Body.String())
		}
		r := resp{status: rec.Code, body: rec.Body.String()}
		n := len(r.json()["api_keys"].([]any))
		seen += n
		if n < 1000 {
			break
		}
	}
	if seen != 10_001 {
		t.Fatal(seen)
	}
}

func BenchmarkList10kLimit1000(b *testing.B) {
	s := New(WithoutSeed())
	seedKeys(b, s, 10_000)
	sk, _ := s.CreateKey("auth", "secret")
	auth := basic(sk.Token)
	for _, q := range []string{"limit=1000", "limit=1000&order=-created_at", "limit=1000&q=bench-9&type=secret", "limit=1000&offset=9000&fields=id,title"} {
		b.Run(q, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if rec := serveDirect(s, auth, "/admin/api-keys?"+q); rec.Code != 200 {
					b.Fatal(rec.Code)
				}
			}
		})
	}
}

func BenchmarkCreateKey(b *testing.B) {
	s := New(WithoutSeed())
	for i := 0; i < b.N; i++ {
		if _, err := s.CreateKey("k", "secret"); err != nil {
			b.Fatal(err)
		}
	}
}
