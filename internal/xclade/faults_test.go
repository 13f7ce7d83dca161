// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package xclade_test

// Fault injection against the emulator: the client must retry what is safe
// to retry, never create a key twice, and give up with a clear error.

import (
	"context"
	"encoding/pem"
	"errors"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xclade/terraform-provider-xclade/internal/emulator"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

type fixture struct {
	emu    *emulator.Server
	srv    *httptest.Server
	client *xclade.Client
	logs   *logRecorder
	admin  emulator.Key
}

func newFixture(t *testing.T, mutate func(*xclade.Config), opts ...emulator.Option) *fixture {
	t.Helper()
	f := &fixture{emu: emulator.New(opts...), logs: &logRecorder{}}
	f.srv = httptest.NewServer(f.emu)
	t.Cleanup(f.srv.Close)
	var err error
	if f.admin, err = f.emu.CreateKey("fault-admin", "secret"); err != nil {
		t.Fatal(err)
	}
	cfg := xclade.Config{
		BaseURL: f.srv.URL, APIKey: xclade.Secret(f.admin.Token), Settings: xclade.Settings{MaxRetries: 4,
			MinRetryDelay: time.Millisecond, MaxRetryDelay: 20 * time.Millisecond, RequestTimeout: 2 * time.Second,
			Logger: f.logs},
	}
	if mutate != nil {
		mutate(&cfg)
	}
	f.client = newClient(t, cfg)
	return f
}

// liveKeysTitled counts keys with the title that still work.
func (f *fixture) liveKeysTitled(title string) []emulator.Key {
	var out []emulator.Key
	for _, k := range f.emu.Keys() {
		if k.Title == title && k.RevokedAt == nil {
			out = append(out, k)
		}
	}
	return out
}

func TestFaults_idempotentCallsRetry(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault emulator.Fault
		calls int64
	}{
		{"503 burst", emulator.Fault{Method: "GET", Path: "/admin/api-keys/{id}", Status: 503, Times: 3}, 4},
		{"502", emulator.Fault{Method: "GET", Path: "/admin/api-keys/{id}", Status: 502, Times: 1}, 2},
		{"504", emulator.Fault{Method: "GET", Path: "/admin/api-keys/{id}", Status: 504, Times: 2}, 3},
		{"429", emulator.Fault{Method: "GET", Path: "/admin/api-keys/{id}", Status: 429, Times: 2, RetryAfter: "0"}, 3},
		{"dropped connection", emulator.Fault{Method: "GET", Path: "/admin/api-keys/{id}", DropBeforeHandling: true, Times: 2}, 3},
		{"dropped after handling", emulator.Fault{Method: "GET", Path: "/admin/api-keys/{id}", DropAfterHandling: true, Times: 1}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.emu.InjectFault(tc.fault)
			f.emu.ResetRequestCounts()
			if _, err := f.client.GetAPIKey(context.Background(), f.admin.ID); err != nil {
				t.Fatalf("GET under %s: %v", tc.name, err)
			}
			if got := f.emu.RequestCounts()["GET /admin/api-keys/{id}"]; got != tc.calls {
				t.Errorf("%d requests, want %d", got, tc.calls)
			}
		})
	}
}

func TestFaults_retryAfterIsHonoured(t *testing.T) {
	f := newFixture(t, func(c *xclade.Config) { c.MaxRetryDelay = 3 * time.Second })
	f.emu.InjectFault(emulator.Fault{Method: "GET", Status: 429, RetryAfter: "1"})
	start := time.Now()
	if _, err := f.client.GetAPIKey(context.Background(), f.admin.ID); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < 900*time.Millisecond {
		t.Errorf("retried after %s, Retry-After asked for 1s", waited)
	}
}

func TestFaults_givesUpAfterMaxRetries(t *testing.T) {
	f := newFixture(t, func(c *xclade.Config) { c.MaxRetries = 2 })
	f.emu.InjectFault(emulator.Fault{Method: "GET", Status: 503, Times: 10})
	f.emu.ResetRequestCounts()
	_, err := f.client.GetAPIKey(context.Background(), f.admin.ID)
	if err == nil || !strings.Contains(err.Error(), "gave up after 3 attempts") {
		t.Fatalf("want a give-up error, got %v", err)
	}
	if got := f.emu.RequestCount(); got != 3 {
		t.Errorf("%d requests, want 3", got)
	}
}

func TestFaults_requestTimeoutPerAttempt(t *testing.T) {
	f := newFixture(t, func(c *xclade.Config) { c.RequestTimeout = 100 * time.Millisecond; c.MaxRetries = 1 })
	f.emu.InjectFault(emulator.Fault{Method: "GET", Delay: time.Second, Times: 5})
	start := time.Now()
	_, err := f.client.GetAPIKey(context.Background(), f.admin.ID)
	if err == nil || !strings.Contains(err.Error(), "within request_timeout (100ms)") {
		t.Fatalf("want a timeout error, got %v", err)
	}
	if d := time.Since(start); d > 800*time.Millisecond {
		t.Errorf("two 100ms attempts took %s", d)
	}
	// One slow attempt, then a fast one: success.
	f.emu.ClearFaults()
	f.emu.InjectFault(emulator.Fault{Method: "GET", Delay: time.Second})
	if _, err := f.client.GetAPIKey(context.Background(), f.admin.ID); err != nil {
		t.Errorf("after one slow attempt: %v", err)
	}
}

func TestFaults_cancelStopsAtOnce(t *testing.T) {
	f := newFixture(t, func(c *xclade.Config) { c.MinRetryDelay, c.MaxRetryDelay = 10*time.Second, 10*time.Second })
	f.emu.InjectFault(emulator.Fault{Method: "GET", Status: 503, Times: 10})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := f.client.GetAPIKey(ctx, f.admin.ID)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("cancel took %s to stop a 10s backoff", d)
	}
}

// A 401 in the middle of a run: an email/password client logs in again
// once; a key-based client reports which credential failed.
func TestFaults_unauthorizedMidRun(t *testing.T) {
	f := newFixture(t, nil)
	jc := newClient(t, xclade.Config{BaseURL: f.srv.URL, Email: f.emu.AdminEmail(), Password: xclade.Secret(f.emu.AdminPassword())})
	if _, err := jc.GetAPIKey(context.Background(), f.admin.ID); err != nil {
		t.Fatal(err)
	}
	f.emu.InjectFault(emulator.Fault{Method: "GET", Path: "/admin/api-keys/{id}", Status: 401})
	f.emu.ResetRequestCounts()
	if _, err := jc.GetAPIKey(context.Background(), f.admin.ID); err != nil {
		t.Fatalf("after a 401 the client should log in again: %v", err)
	}
	if n := f.emu.RequestCounts()["POST /auth/user/emailpass"]; n != 1 {
		t.Errorf("%d logins after a 401, want 1", n)
	}
	f.emu.InjectFault(emulator.Fault{Method: "GET", Path: "/admin/api-keys/{id}", Status: 401})
	_, err := f.client.GetAPIKey(context.Background(), f.admin.ID)
	if !xclade.IsUnauthorized(err) || !strings.Contains(err.Error(), "api_key") {
		t.Errorf("401 with an API key: %v", err)
	}
}

// Concurrent callers share one login.
func TestFaults_concurrentLoginOnce(t *testing.T) {
	f := newFixture(t, nil)
	jc := newClient(t, xclade.Config{BaseURL: f.srv.URL, Email: f.emu.AdminEmail(), Password: xclade.Secret(f.emu.AdminPassword())})
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := jc.GetAPIKey(context.Background(), f.admin.ID); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := f.emu.RequestCounts()["POST /auth/user/emailpass"]; n != 1 {
		t.Errorf("%d logins for 10 concurrent calls, want 1", n)
	}
}

// Nothing secret reaches the logger, whatever happens.
func TestFaults_logsHoldNoSecrets(t *testing.T) {
	f := newFixture(t, nil)
	jc := newClient(t, xclade.Config{BaseURL: f.srv.URL, Email: f.emu.AdminEmail(), Password: xclade.Secret(f.emu.AdminPassword()), Settings: xclade.Settings{Logger: f.logs}})
	ctx := context.Background()
	f.emu.InjectFault(emulator.Fault{Method: "POST", Path: "/admin/api-keys", DropAfterHandling: true})
	sk, err := f.client.CreateAPIKey(ctx, xclade.CreateAPIKeyRequest{Title: "log", Type: "secret"})
	if err != nil {
		t.Fatal(err)
	}
	pk, err := jc.CreateAPIKey(ctx, xclade.CreateAPIKeyRequest{Title: "log", Type: "publishable"})
	if err != nil {
		t.Fatal(err)
	}
	f.emu.InjectFault(emulator.Fault{Status: 401})
	_, _ = jc.ListAPIKeys(ctx, xclade.ListParams{Filter: xclade.Filter{Token: pk.Token.Reveal()}})
	_, _ = f.client.ListAPIKeys(ctx, xclade.ListParams{Filter: xclade.Filter{Token: pk.Token.Reveal()}})
	log := f.logs.String()
	if log == "" {
		t.Fatal("nothing was logged")
	}
	for name, secret := range map[string]string{
		"secret token": sk.Token.Reveal(), "publishable token": pk.Token.Reveal(),
		"admin key": f.admin.Token, "password": f.emu.AdminPassword(),
	} {
		if strings.Contains(log, secret) {
			t.Errorf("the %s appears in the client's log", name)
		}
	}
	if strings.Contains(log, "eyJ") {
		t.Error("a JWT appears in the client's log")
	}
}

// Secrets are not printed even when a Config or key is dumped by mistake.
func TestSecretNeverFormats(t *testing.T) {
	k := xclade.APIKey{Token: "sk_531e9f03c8d8d95200f3a0e58b91ca477c6a72bb3de1d10498092bf7dcde2908"}
	for _, s := range []string{fmtV(k), fmtPlusV(k), fmtSharpV(k), fmtV(xclade.Config{APIKey: k.Token, Password: "hunter2"})} {
		if strings.Contains(s, "531e9f") || strings.Contains(s, "hunter2") {
			t.Errorf("formatted value reveals a secret: %s", s)
		}
	}
}

func TestTransportSecurity(t *testing.T) {
	key := xclade.Secret("sk_0000000000000000000000000000000000000000000000000000000000000000")
	for _, tc := range []struct {
		url   string
		allow bool
		ok    bool
	}{
		{"http://127.0.0.1:9000", false, true},
		{"http://localhost:9000", false, true},
		{"http://[::1]:9000", false, true},
		{"http://acme.api.myxclade.com", false, false},
		{"http://10.0.0.5:9000", false, false},
		{"http://acme.api.myxclade.com", true, true},
		{"https://acme.api.myxclade.com", false, true},
		{"ftp://acme.api.myxclade.com", false, false},
		{"acme.api.myxclade.com", false, false},
	} {
		_, err := xclade.New(xclade.Config{BaseURL: tc.url, APIKey: key, Settings: xclade.Settings{AllowInsecureHTTP: tc.allow}})
		if (err == nil) != tc.ok {
			t.Errorf("%s allow_insecure_http=%v: err=%v, want ok=%v", tc.url, tc.allow, err, tc.ok)
		}
		if err != nil && strings.HasPrefix(tc.url, "http://acme") && !strings.Contains(err.Error(), "allow_insecure_http") {
			t.Errorf("the refusal does not name the way out: %v", err)
		}
	}

	// TLS is always verified; a private CA is trusted only when given.
	emu := emulator.New()
	admin, _ := emu.CreateKey("tls", "secret")
	srv := httptest.NewTLSServer(emu)
	defer srv.Close()
	plain := newClient(t, xclade.Config{BaseURL: srv.URL, APIKey: xclade.Secret(admin.Token), Settings: xclade.Settings{MaxRetries: 0}})
	if _, err := plain.ListAPIKeys(context.Background(), xclade.ListParams{Limit: 1}); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("an unknown CA was trusted: %v", err)
	}
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	withCA := newClient(t, xclade.Config{BaseURL: srv.URL, APIKey: xclade.Secret(admin.Token), Settings: xclade.Settings{CACertPEM: caPEM}})
	if _, err := withCA.ListAPIKeys(context.Background(), xclade.ListParams{Limit: 1}); err != nil {
		t.Errorf("with ca_cert_file: %v", err)
	}
	if _, err := xclade.New(xclade.Config{BaseURL: srv.URL, APIKey: key, Settings: xclade.Settings{CACertPEM: []byte("not pem")}}); err == nil {
		t.Error("a CA file without certificates was accepted")
	}
}

func TestConfigValidation(t *testing.T) {
	base := "https://acme.api.myxclade.com"
	for _, tc := range []struct {
		cfg  xclade.Config
		want string
	}{
		{xclade.Config{BaseURL: base}, "no credentials"},
		{xclade.Config{BaseURL: base, APIKey: "pk_abc"}, "publishable keys (pk_) cannot call the Admin API"},
		{xclade.Config{BaseURL: base, AccessToken: "sk_abc"}, "set it as api_key (XCLADE_API_KEY) instead"},
		{xclade.Config{BaseURL: base, APIKey: "sk_abc", AccessToken: "eyJx"}, "more than one credential method"},
		{xclade.Config{BaseURL: base, Email: "a@b.c"}, "email (XCLADE_EMAIL) and password (XCLADE_PASSWORD) must be set together"},
		{xclade.Config{APIKey: "sk_abc"}, "base_url is empty"},
	} {
		_, err := xclade.New(tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v", tc.want, err)
		}
		if err != nil && (strings.Contains(err.Error(), "sk_abc") || strings.Contains(err.Error(), "pk_abc")) {
			t.Errorf("config error reveals a credential: %v", err)
		}
	}
}

type logRecorder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logRecorder) Debug(_ context.Context, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.WriteString(msg)
	for k, v := range fields {
		l.b.WriteString(" " + k + "=" + fmtV(v))
	}
	l.b.WriteString("\n")
}

func (l *logRecorder) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// The first request after a login carries the new JWT: no 401 round trip.
func TestLoginThenAuthenticatedAtOnce(t *testing.T) {
	f := newFixture(t, nil)
	jc := newClient(t, xclade.Config{BaseURL: f.srv.URL, Email: f.emu.AdminEmail(), Password: xclade.Secret(f.emu.AdminPassword())})
	f.emu.ResetRequestCounts()
	if _, err := jc.GetAPIKey(context.Background(), f.admin.ID); err != nil {
		t.Fatal(err)
	}
	if got := f.emu.RequestCounts(); got["GET /admin/api-keys/{id}"] != 1 || got["POST /auth/user/emailpass"] != 1 {
		t.Errorf("requests %v, want one login and one GET", got)
	}
}
