// Package xclade is a client for the API-key endpoints of the xclade Admin
// API (Medusa v2's Admin API). It knows nothing of Terraform.
package xclade

import (
	"bytes"
	"context"
	"encoding/base64"
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

// Logger receives one line per HTTP attempt. Fields never hold secrets.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
}

// Client calls the xclade Admin API. It is safe for concurrent use.
type Client struct {
	cfg  Config
	base *url.URL
	http *http.Client

	loginMu sync.Mutex // serialises logins
	mu      sync.Mutex
	jwt     Secret // current JWT for email/password logins
	// serverOffset estimates server clock minus local clock, from the Date
	// header of the last response; reconciliation uses it.
	serverOffset time.Duration

	sleep func(context.Context, time.Duration) error

	reads readCoalescer // state of GetAPIKeyBatched (batch.go)
}

// New validates cfg and returns a client. It makes no request.
func New(cfg Config) (*Client, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	base, _ := cfg.baseURL()
	hc, err := cfg.httpClient()
	if err != nil {
		return nil, err
	}
	// A copy, so that a caller's client (tests) cannot make this one follow
	// redirects: Go re-sends Authorization to another port of the same host,
	// and a 307 or 308 re-posts the login's email and password to wherever
	// Location points, http:// included.
	noFollow := *hc
	noFollow.CheckRedirect = refuseRedirect
	c := &Client{cfg: cfg, base: base, http: &noFollow, sleep: sleepCtx}
	if cfg.AccessToken != "" {
		c.jwt = cfg.AccessToken
	}
	return c, nil
}

// BaseURL is the API root the client talks to.
func (c *Client) BaseURL() string { return c.base.String() }

// AuthMethod names the configured credential method, for messages.
func (c *Client) AuthMethod() string { return c.cfg.AuthMethod() }

// call describes one logical API call, possibly sent several times.
type call struct {
	method string
	path   string
	query  url.Values
	body   any
	// idempotent calls are retried even when the failed attempt may have
	// reached the server; others only when it surely did not.
	idempotent bool
	noAuth     bool
}

// AmbiguousError means a non-idempotent request may or may not have been
// applied: the connection broke, or a gateway failed, after it was sent.
type AmbiguousError struct {
	Method, Path string
	Err          error
	header       http.Header // of a gateway's answer, for its Retry-After
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%s %s: the request was sent but its outcome is unknown: %v", e.Method, e.Path, e.Err)
}

func (e *AmbiguousError) Unwrap() error { return e.Err }

// do sends c with retries and decodes a 2xx JSON answer into out (if not nil).
func (c *Client) do(ctx context.Context, cl call, out any) error {
	// A write keeps coalesced reads of its key from older snapshots (batch.go).
	defer c.reads.noteWrite(cl.method, cl.path)()
	var payload []byte
	if cl.body != nil {
		var err error
		if payload, err = json.Marshal(cl.body); err != nil {
			return fmt.Errorf("encoding %s %s: %w", cl.method, cl.path, err)
		}
	}
	refreshed := false
	for attempt := 0; ; attempt++ {
		res, err := c.attempt(ctx, cl, payload, attempt)
		if err == nil && res.status == http.StatusUnauthorized && c.cfg.Email != "" && !cl.noAuth && !refreshed {
			// The JWT expired or the server restarted with a new secret: one fresh login, not a retry.
			refreshed = true
			if lerr := c.login(ctx, res.jwtUsed); lerr != nil {
				return lerr
			}
			attempt--
			continue
		}
		retry, wait, final := c.classify(ctx, cl, res, err, attempt)
		if !retry {
			if final != nil {
				return final
			}
			return decode(cl, res, out)
		}
		c.logf(ctx, "retrying xclade API request", map[string]any{"method": cl.method, "path": cl.path, "attempt": attempt + 1, "wait": wait.String()})
		if serr := c.sleep(ctx, wait); serr != nil {
			return fmt.Errorf("%s %s: %w", cl.method, cl.path, serr)
		}
	}
}

type result struct {
	status       int
	header       http.Header
	body         []byte
	wroteRequest bool
	jwtUsed      Secret
	location     string // of a 3xx answer, without secrets (safeLocation)
}

// attempt sends one HTTP request, bounded by the per-attempt timeout.
func (c *Client) attempt(ctx context.Context, cl call, payload []byte, attempt int) (*result, error) {
	res := &result{}
	var err error
	if !cl.noAuth && c.cfg.Email != "" {
		if res.jwtUsed, err = c.ensureLogin(ctx); err != nil {
			return nil, err
		}
	}
	actx, cancel := context.WithTimeout(ctx, c.cfg.RequestTimeout)
	defer cancel()
	actx = httptrace.WithClientTrace(actx, &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { res.wroteRequest = true },
	})
	u := *c.base
	// cl.path is already escaped (keyPath): it goes into RawPath as it is,
	// and Path gets its unescaped form, so that the id is escaped once.
	u.RawPath = strings.TrimRight(c.base.EscapedPath(), "/") + cl.path
	if u.Path, err = url.PathUnescape(u.RawPath); err != nil {
		return nil, fmt.Errorf("%s %s: %w", cl.method, cl.path, err)
	}
	u.RawQuery = cl.query.Encode()
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(actx, cl.method, u.String(), body)
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
	if !cl.noAuth {
		c.authorize(req, res.jwtUsed)
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	fields := map[string]any{"method": cl.method, "path": cl.path, "query": maskQuery(cl.query), "attempt": attempt + 1}
	if err != nil {
		fields["error"] = err.Error()
		fields["duration_ms"] = time.Since(start).Milliseconds()
		c.logf(ctx, "xclade API request failed", fields)
		return res, err
	}
	defer resp.Body.Close()
	// One byte more than the limit tells a body at the limit from a larger one.
	res.body, err = io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes+1))
	fields["status"] = resp.StatusCode
	fields["duration_ms"] = time.Since(start).Milliseconds()
	if err == nil && int64(len(res.body)) > maxAnswerBytes {
		res.body = nil
		err = &answerTooLargeError{method: cl.method, path: cl.path, status: resp.StatusCode, limit: maxAnswerBytes}
	}
	if err != nil {
		fields["error"] = err.Error()
		c.logf(ctx, "xclade API response unreadable", fields)
		return res, err
	}
	c.logf(ctx, "xclade API request", fields)
	res.status, res.header = resp.StatusCode, resp.Header
	if res.status >= 300 && res.status < 400 {
		res.location = safeLocation(resp)
	}
	c.noteServerTime(resp.Header.Get("Date"), time.Now())
	return res, nil
}

func (c *Client) authorize(req *http.Request, jwt Secret) {
	switch {
	case c.cfg.APIKey != "":
		// A secret key authenticates only with Basic; as Bearer the server answers 401.
		req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(c.cfg.APIKey.Reveal()+":")))
	case jwt != "":
		req.Header.Set("Authorization", "Bearer "+jwt.Reveal())
	}
}

// classify decides whether to retry, how long to wait, or which error ends the call.
func (c *Client) classify(ctx context.Context, cl call, res *result, err error, attempt int) (retry bool, wait time.Duration, final error) {
	exhausted := attempt >= c.cfg.MaxRetries
	if err != nil {
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			return false, 0, err // login failure
		}
		var tooLarge *answerTooLargeError
		if errors.As(err, &tooLarge) {
			// The server answered, so a non-idempotent request was applied
			// or refused: only its answer is lost. Asking again would get
			// the same oversized answer.
			if !cl.idempotent {
				return false, 0, &AmbiguousError{Method: cl.method, Path: cl.path, Err: err}
			}
			return false, 0, err
		}
		// Sent and then interrupted, timed out or cut off: the server may
		// have applied it, whatever ended the wait for its answer.
		if sent := res != nil && res.wroteRequest; sent && !cl.idempotent {
			cause := c.describeTransportError(err)
			if ctx.Err() != nil {
				cause = fmt.Errorf("interrupted while waiting for the answer: %w", ctx.Err())
			}
			return false, 0, &AmbiguousError{Method: cl.method, Path: cl.path, Err: cause}
		}
		if ctx.Err() != nil {
			return false, 0, fmt.Errorf("%s %s: %w", cl.method, cl.path, ctx.Err())
		}
		if exhausted {
			return false, 0, fmt.Errorf("%s %s: %w (gave up after %d attempts)", cl.method, cl.path, c.describeTransportError(err), attempt+1)
		}
		return true, c.backoff(attempt, nil), nil
	}
	if res.status >= 200 && res.status < 300 {
		return false, 0, nil // an answer in hand counts, even if ctx ended since
	}
	if res.status >= 300 && res.status < 400 {
		return false, 0, redirectError(cl, res)
	}
	apiErr := newAPIError(cl.method, cl.path, res.status, res.header.Get("Content-Type"), res.body)
	if res.status == http.StatusUnauthorized {
		apiErr.Hint = c.unauthorizedHint(apiErr.Message)
	}
	switch res.status {
	case http.StatusTooManyRequests:
		// A 429 was not applied, so even a create may be retried.
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		if !cl.idempotent {
			return false, 0, &AmbiguousError{Method: cl.method, Path: cl.path, Err: apiErr, header: res.header}
		}
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

func (c *Client) unauthorizedHint(serverMessage string) string {
	method := c.cfg.AuthMethod()
	switch {
	case c.cfg.APIKey != "":
		return "the xclade API refused the " + method + ": it may be revoked, deleted or mistyped; set api_key (or XCLADE_API_KEY) to a live secret key"
	case c.cfg.AccessToken != "":
		return "the xclade API refused the token (JWT): admin JWTs expire after 24 hours; log in again and set token (or XCLADE_TOKEN), or configure email and password so the provider refreshes it"
	case c.cfg.Email != "":
		return "the xclade API refused the " + method + ": check email and password (or XCLADE_EMAIL / XCLADE_PASSWORD)"
	}
	return "no credentials were sent"
}

func decode(cl call, res *result, out any) error {
	if out == nil || len(bytes.TrimSpace(res.body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(res.body, out); err != nil {
		ct := res.header.Get("Content-Type")
		if !strings.Contains(ct, "json") {
			return &APIError{StatusCode: res.status, Method: cl.method, Path: cl.path, HTML: true,
				Message: "expected JSON, got " + ct}
		}
		return fmt.Errorf("%s %s: decoding the answer: %w", cl.method, cl.path, err)
	}
	return nil
}

func (c *Client) logf(ctx context.Context, msg string, fields map[string]any) {
	if c.cfg.Logger != nil {
		c.cfg.Logger.Debug(ctx, msg, fields)
	}
}

// maskQuery renders a query for logs with the token filter hidden.
func maskQuery(q url.Values) string {
	if len(q) == 0 {
		return ""
	}
	if _, ok := q["token"]; ok {
		masked := url.Values{}
		for k, v := range q {
			masked[k] = v
		}
		masked["token"] = []string{redactedPlaceholder}
		q = masked
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

// serverTime estimates the server's clock; Date headers have 1 s resolution.
func (c *Client) serverTime(local time.Time) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return local.Add(c.serverOffset)
}

// ServerNow estimates the server's current time. Revocation is decided by
// the server's clock, so "already revoked?" must be asked in its terms.
func (c *Client) ServerNow() time.Time { return c.serverTime(time.Now()) }
