// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package apiclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Auth is what an API's credentials do to a request.
type Auth interface {
	// Authorize sets the request's credentials. It runs before the attempt
	// waits for a slot (a login may make a request of its own), and returns
	// what it used, for Refresh.
	Authorize(ctx context.Context, req *http.Request) (used any, err error)
	// Refresh is called once per call when the server answered 401 to
	// credentials used: true means new credentials are in place and the
	// request may be sent again (an expired session renewed).
	Refresh(ctx context.Context, used any) (bool, error)
}

// Call is one logical API call, possibly sent several times.
type Call struct {
	Method string
	// Path is relative to the base URL, with every segment already
	// escaped (PathSegment): it is used as is.
	Path  string
	Query url.Values
	Body  any
	// Idempotent calls are retried even when the failed attempt may have
	// reached the server; others only when it surely did not.
	Idempotent bool
	// NoAuth sends the call without credentials (a login).
	NoAuth bool
}

// PathSegment escapes one segment of a path, such as an id.
func PathSegment(s string) string { return url.PathEscape(s) }

// Answer is a 2xx answer.
type Answer struct {
	Status int
	Header http.Header
	Body   []byte
}

// ErrorDecoder turns a non-2xx answer (not a redirect) into the API's error.
type ErrorDecoder func(call Call, status int, header http.Header, body []byte) error

// Client sends calls. It is safe for concurrent use.
type Client struct {
	cfg    Config
	base   *url.URL
	http   *http.Client
	auth   Auth
	decode ErrorDecoder

	mu sync.Mutex
	// serverOffset estimates server clock minus local clock, from the Date
	// header of the last answer.
	serverOffset time.Duration

	limit *limiter
	// Sleep waits between attempts; tests replace it.
	Sleep func(context.Context, time.Duration) error
}

// New validates cfg and returns a client. It makes no request.
func New(cfg Config, auth Auth, decode ErrorDecoder) (*Client, error) {
	if err := cfg.WithDefaults(); err != nil {
		return nil, err
	}
	base, err := cfg.ParseBaseURL()
	if err != nil {
		return nil, err
	}
	hc, err := cfg.httpClient()
	if err != nil {
		return nil, err
	}
	c := &Client{cfg: cfg, base: base, http: hc, auth: auth, decode: decode, Sleep: sleepCtx}
	c.limit = newLimiter(cfg.MaxConcurrentRequests, cfg.MinRetryDelay, cfg.MaxRetryDelay)
	c.limit.onChange = c.logLimit
	return c, nil
}

// BaseURL is the API root the client talks to.
func (c *Client) BaseURL() string { return c.base.String() }

// Endpoint is the base URL and where it came from, e.g.
// "https://acme.api.myxclade.com (from tenant)".
func (c *Client) Endpoint() string { return c.base.String() + " (from " + c.cfg.Setting() + ")" }

// Config is the configuration in force, defaults applied.
func (c *Client) Config() Config { return c.cfg }

// Do sends cl with retries and returns its 2xx answer. Errors are the
// ErrorDecoder's for answers, *AmbiguousError when a call that is not
// idempotent may have been applied (a 5xx or 408, a 3xx, a lost answer),
// *RedirectError, or transport errors that name the endpoint.
func (c *Client) Do(ctx context.Context, cl Call) (*Answer, error) {
	var payload []byte
	if cl.Body != nil {
		var err error
		if payload, err = json.Marshal(cl.Body); err != nil {
			return nil, fmt.Errorf("encoding %s %s: %w", cl.Method, cl.Path, err)
		}
	}
	refreshed := false
	for attempt := 0; ; attempt++ {
		res, err := c.attempt(ctx, cl, payload, attempt)
		if err == nil && res.status == http.StatusUnauthorized && !cl.NoAuth && !refreshed {
			refreshed = true
			again, rerr := c.auth.Refresh(ctx, res.used)
			if rerr != nil {
				return nil, rerr
			}
			if again {
				attempt-- // new credentials: not a retry
				continue
			}
		}
		retry, wait, final := c.classify(ctx, cl, res, err, attempt)
		if !retry {
			if final != nil {
				return nil, c.overloaded(ctx, cl, final)
			}
			return &Answer{Status: res.status, Header: res.header, Body: res.body}, nil
		}
		c.logf(ctx, "retrying "+c.cfg.API+" request", map[string]any{"method": cl.Method, "path": cl.Path, "attempt": attempt + 1, "wait": wait.String()})
		if serr := c.Sleep(ctx, wait); serr != nil {
			return nil, c.overloaded(ctx, cl, fmt.Errorf("%s %s: %w", cl.Method, cl.Path, serr))
		}
	}
}

// DoJSON is Do, then the answer decoded into out (if not nil).
func (c *Client) DoJSON(ctx context.Context, cl Call, out any) error {
	ans, err := c.Do(ctx, cl)
	if err != nil {
		return err
	}
	return UnreadableAnswer(cl, ans.Decode(cl, out))
}

// Decode unmarshals a JSON answer into out; an empty answer leaves it as is.
func (a *Answer) Decode(cl Call, out any) error {
	if out == nil || len(bytes.TrimSpace(a.Body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(a.Body, out); err != nil {
		if ct := a.Header.Get("Content-Type"); !strings.Contains(ct, "json") {
			return &NotJSONError{Method: cl.Method, Path: cl.Path, Status: a.Status, ContentType: ct}
		}
		return fmt.Errorf("%s %s: decoding the answer: %w", cl.Method, cl.Path, err)
	}
	return nil
}

type result struct {
	status       int
	header       http.Header
	body         []byte
	wroteRequest bool
	used         any
	location     string // of a 3xx answer, without secrets (safeLocation)
}

// attempt sends one HTTP request, bounded by the per-attempt timeout.
func (c *Client) attempt(ctx context.Context, cl Call, payload []byte, attempt int) (*result, error) {
	res := &result{}
	u := *c.base
	// cl.Path is escaped already: it goes into RawPath as it is, and Path
	// gets its unescaped form, so that an id is escaped exactly once.
	u.RawPath = strings.TrimRight(c.base.EscapedPath(), "/") + cl.Path
	var err error
	if u.Path, err = url.PathUnescape(u.RawPath); err != nil {
		return nil, fmt.Errorf("%s %s: %w", cl.Method, cl.Path, err)
	}
	u.RawQuery = cl.Query.Encode()
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, cl.Method, u.String(), body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.cfg.UserAgent != "" {
		req.Header.Set("User-Agent", c.cfg.UserAgent)
	}
	if !cl.NoAuth {
		if res.used, err = c.auth.Authorize(ctx, req); err != nil {
			return nil, err
		}
	}
	// After authorizing, which may log in with a request of its own, and
	// before the attempt's timer starts: waiting for a slot is not the
	// server's delay.
	slot, err := c.limit.acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s %s: not sent: waiting for a free request slot ended: %w", cl.Method, cl.Path, err)
	}
	defer func() { slot.release(ctx, res, c.cfg.RequestTimeout) }()
	actx, cancel := context.WithTimeout(ctx, c.cfg.RequestTimeout)
	defer cancel()
	actx = httptrace.WithClientTrace(actx, &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { res.wroteRequest = true },
	})
	req = req.WithContext(actx)

	start := time.Now()
	resp, err := c.http.Do(req)
	fields := map[string]any{"method": cl.Method, "path": cl.Path, "query": c.maskQuery(cl.Query), "attempt": attempt + 1}
	if err != nil {
		fields["error"] = err.Error()
		fields["duration_ms"] = time.Since(start).Milliseconds()
		c.logf(ctx, c.cfg.API+" request failed", fields)
		return res, err
	}
	defer resp.Body.Close()
	// One byte more than the limit tells a body at the limit from a larger one.
	res.body, err = io.ReadAll(io.LimitReader(resp.Body, MaxAnswerBytes+1))
	fields["status"] = resp.StatusCode
	fields["duration_ms"] = time.Since(start).Milliseconds()
	if err == nil && int64(len(res.body)) > MaxAnswerBytes {
		res.body = nil
		err = &AnswerTooLargeError{Method: cl.Method, Path: cl.Path, Status: resp.StatusCode, Limit: MaxAnswerBytes, API: c.cfg.API}
	}
	if err != nil {
		fields["error"] = err.Error()
		c.logf(ctx, c.cfg.API+" answer unreadable", fields)
		return res, err
	}
	c.logf(ctx, c.cfg.API+" request", fields)
	res.status, res.header = resp.StatusCode, resp.Header
	if res.status >= 300 && res.status < 400 {
		res.location = safeLocation(resp)
	}
	c.noteServerTime(resp.Header.Get("Date"), time.Now())
	return res, nil
}

// classify decides whether to retry, how long to wait, or which error ends
// the call.
func (c *Client) classify(ctx context.Context, cl Call, res *result, err error, attempt int) (retry bool, wait time.Duration, final error) {
	exhausted := attempt >= c.cfg.MaxRetries && !c.outlasting(ctx, cl)
	if err != nil {
		var tooLarge *AnswerTooLargeError
		switch {
		case res == nil:
			return false, 0, err // not sent: authorizing or waiting for a slot failed
		case errors.As(err, &tooLarge):
			// The server answered, so the request was applied or refused:
			// only its answer is lost, and asking again gets the same one.
			if !cl.Idempotent {
				return false, 0, &AmbiguousError{Method: cl.Method, Path: cl.Path, Err: err}
			}
			return false, 0, err
		}
		// Sent and then interrupted, timed out or cut off: the server may
		// have applied it, whatever ended the wait for its answer.
		if res.wroteRequest && !cl.Idempotent {
			cause := c.describeTransportError(err)
			if ctx.Err() != nil {
				cause = fmt.Errorf("interrupted while waiting for the answer: %w", ctx.Err())
			}
			return false, 0, &AmbiguousError{Method: cl.Method, Path: cl.Path, Err: cause}
		}
		if ctx.Err() != nil {
			return false, 0, fmt.Errorf("%s %s: %w", cl.Method, cl.Path, ctx.Err())
		}
		if exhausted {
			return false, 0, fmt.Errorf("%s %s: %w (gave up after %d attempts)", cl.Method, cl.Path, c.describeTransportError(err), attempt+1)
		}
		return true, c.backoff(attempt, nil), nil
	}
	if res.status >= 200 && res.status < 300 {
		return false, 0, nil // an answer in hand counts, even if ctx ended since
	}
	if res.status >= 300 && res.status < 400 {
		// Not followed, and not the API's answer: whatever sent it may have
		// passed the request on first.
		redirect := &RedirectError{Method: cl.Method, Path: cl.Path, Status: res.status, Location: res.location, API: c.cfg.API}
		return false, 0, UnreadableAnswer(cl, redirect)
	}
	apiErr := c.decode(cl, res.status, res.header, res.body)
	switch {
	case res.status == http.StatusTooManyRequests:
		// A 429 was not applied, so even a create may be retried.
	case !cl.Idempotent && (res.status >= 500 || res.status == http.StatusRequestTimeout):
		// A server error (500, or a CDN's 52x: the origin got the request
		// and then failed or timed out) or a gateway's answer: the request
		// may have been applied before it, so the outcome is unknown. A 4xx
		// other than these is a refusal: nothing was applied.
		return false, 0, &AmbiguousError{Method: cl.Method, Path: cl.Path, Err: apiErr, Header: res.header}
	case isGatewayStatus(res.status):
		// An idempotent call is asked again after a gateway's failure.
	default:
		return false, 0, apiErr
	}
	if ctx.Err() != nil {
		return false, 0, fmt.Errorf("%w; then: %w", apiErr, ctx.Err())
	}
	if exhausted {
		return false, 0, fmt.Errorf("%w (gave up after %d attempts)", apiErr, attempt+1)
	}
	return true, c.backoff(attempt, res.header), nil
}

// isGatewayStatus reports whether status comes from something in front of
// the server that failed to get the server's answer, which is worth asking
// for again.
func isGatewayStatus(status int) bool {
	switch status {
	case http.StatusRequestTimeout, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

func (c *Client) logf(ctx context.Context, msg string, fields map[string]any) {
	if c.cfg.Logger != nil {
		c.cfg.Logger.Debug(ctx, msg, fields)
	}
}

// maskQuery renders a query for logs with the secret parameters hidden.
func (c *Client) maskQuery(q url.Values) string {
	if len(q) == 0 {
		return ""
	}
	for _, name := range c.cfg.SecretQueryParams {
		if _, ok := q[name]; ok {
			masked := url.Values{}
			for k, v := range q {
				masked[k] = v
			}
			masked[name] = []string{"[REDACTED]"}
			q = masked
		}
	}
	s, _ := url.QueryUnescape(q.Encode())
	return s
}

func (c *Client) noteServerTime(date string, local time.Time) {
	t, err := http.ParseTime(date)
	if err != nil {
		return
	}
	// Date has 1 s resolution, so a smaller offset is indistinguishable from
	// none: only a real skew between the two clocks is corrected for.
	offset := t.Sub(local)
	if offset > -dateResolutionSlack && offset < dateResolutionSlack {
		offset = 0
	}
	c.mu.Lock()
	c.serverOffset = offset
	c.mu.Unlock()
}

const dateResolutionSlack = 2 * time.Second

// ServerTime estimates the server's clock at the local time t, from the
// Date headers of its answers (1 s resolution).
func (c *Client) ServerTime(t time.Time) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return t.Add(c.serverOffset)
}

// ServerNow estimates the server's current time. Expiry and revocation are
// decided by the server's clock, so "already revoked?" is asked in its terms.
func (c *Client) ServerNow() time.Time { return c.ServerTime(time.Now()) }

// RecoveryTimeout bounds the work that finishes an operation after its
// caller's context ended: naming a key that exists, or removing one that
// nobody can use. It allows one request_timeout for the server to apply a
// request in flight, and another for the requests that settle it.
func (c *Client) RecoveryTimeout() time.Duration { return 2*c.cfg.RequestTimeout + 10*time.Second }

// RecoveryContext is ctx without its cancellation, bounded by
// RecoveryTimeout: for cleanup that must run even when the caller was
// interrupted or timed out.
func (c *Client) RecoveryContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), c.RecoveryTimeout())
}
