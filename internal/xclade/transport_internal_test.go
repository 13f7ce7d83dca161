package xclade

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// These tests lower package limits, so they must not run in parallel with
// other tests of the package.

// An answer over the size limit is reported as too large, not as the JSON
// error its truncated body would cause, and is not asked for again.
func TestAnswerLargerThanLimit(t *testing.T) {
	saved := maxAnswerBytes
	maxAnswerBytes = 1024
	t.Cleanup(func() { maxAnswerBytes = saved })

	var requests atomic.Int32
	size := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		prefix := `{"api_key":{"id":"apk_x","type":"secret","title":"`
		suffix := `"}}`
		fmt.Fprint(w, prefix+strings.Repeat("a", size-len(prefix)-len(suffix))+suffix)
	}))
	defer srv.Close()
	client, err := New(Config{BaseURL: srv.URL, APIKey: "sk_test", MaxRetries: 3})
	if err != nil {
		t.Fatal(err)
	}

	size = 1024 // exactly at the limit: read
	if _, err := client.GetAPIKey(context.Background(), "apk_x"); err != nil {
		t.Fatalf("an answer of exactly the limit: %v", err)
	}
	size = 1025
	requests.Store(0)
	_, err = client.GetAPIKey(context.Background(), "apk_x")
	if err == nil || !strings.Contains(err.Error(), "answer is larger than 1024 bytes") || strings.Contains(err.Error(), "decoding") {
		t.Errorf("got %v, want an error saying the answer is larger than 1024 bytes", err)
	}
	if n := requests.Load(); n != 1 {
		t.Errorf("%d requests, want 1: a larger answer will not shrink on a retry", n)
	}
	if got := formatBytes(64 << 20); got != "64 MiB" {
		t.Errorf("the default limit reads %q, want 64 MiB", got)
	}
}
