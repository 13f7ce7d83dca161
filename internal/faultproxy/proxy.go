// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Package faultproxy is a reverse proxy that misbehaves on request, in front
// of any server (an emulator or a real one), so that the same fault tests
// run against both: the faults a network and a gateway can cause.
package faultproxy

import (
	"bytes"
	"cmp"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Action is what the proxy does with a request that matches a rule.
type Action int

const (
	// Forward passes the request on, after the rule's Delay.
	Forward Action = iota
	// DropBefore closes the connection without passing the request on:
	// the server never sees it.
	DropBefore
	// DropAfter passes the request on, waits for the answer, then closes
	// the connection without sending it: applied, answer lost.
	DropAfter
	// StatusBefore answers Status without passing the request on: a
	// gateway that refused it.
	StatusBefore
	// StatusAfter passes the request on and answers Status instead of the
	// server's answer: a gateway that gave up although the server finished.
	StatusAfter
	// StatusThenLate answers Status at once and passes the request on after
	// Delay: a gateway that timed out while the server was still queueing it.
	StatusThenLate
	// AnswerLate passes the request on at once and holds the server's answer
	// for Delay (or until the client leaves): applied, answered too late.
	AnswerLate
)

// Rule matches requests and says what to do with them.
type Rule struct {
	Method string // "" matches any
	// Path is "" (any), an exact path, or a pattern whose {name} segments
	// match any one segment, e.g. "/admin/api-keys/{id}/revoke".
	Path string
	// Query, when set, is parameters ("limit=100") the request's query
	// must hold, to tell apart requests to one path (a page of a listing
	// from a one-key credentials check).
	Query  string
	Times  int // how many requests it applies to; 0 means 1
	Action Action
	Status int
	// RetryAfter is sent with a Status answer.
	RetryAfter string
	// Body, when set, replaces a Status answer's gateway HTML page, sent as
	// ContentType ("application/json" when empty): a gateway or a JSON
	// framework answering in a shape that is not the API's, or a 2xx whose
	// body the client cannot read (Status 200, Body "{").
	Body, ContentType string
	Delay             time.Duration
	// OnMatch runs when a request matches, before the action: to make
	// something happen while that request is in flight.
	OnMatch func(r *http.Request)
}

// Proxy forwards to a target server, applying queued rules in order.
type Proxy struct {
	target string
	srv    *httptest.Server
	client *http.Client

	mu     sync.Mutex
	rules  []*Rule
	counts map[string]int
	late   sync.WaitGroup
}

// New starts a proxy on 127.0.0.1 in front of target (a base URL). Close
// stops it.
func New(target string) *Proxy {
	p := &Proxy{
		target: strings.TrimRight(target, "/"),
		client: &http.Client{
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		counts: map[string]int{},
	}
	p.srv = httptest.NewServer(p)
	return p
}

// URL is the proxy's base URL.
func (p *Proxy) URL() string { return p.srv.URL }

// Close stops the proxy after the late requests it still owes the server.
func (p *Proxy) Close() {
	p.srv.Close()
	p.late.Wait()
}

// Add queues rules.
func (p *Proxy) Add(rules ...Rule) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range rules {
		r := rules[i]
		if r.Times <= 0 {
			r.Times = 1
		}
		p.rules = append(p.rules, &r)
	}
}

// Clear drops every queued rule.
func (p *Proxy) Clear() {
	p.mu.Lock()
	p.rules = nil
	p.mu.Unlock()
}

// Pending is how many rule applications are still queued.
func (p *Proxy) Pending() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, r := range p.rules {
		n += r.Times
	}
	return n
}

// Count is how many requests for "METHOD /path/{id}…" (the route, with ids
// replaced by {id}) the proxy has seen.
func (p *Proxy) Count(route string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.counts[route]
}

// WaitLate waits for the requests a StatusThenLate rule has yet to pass on.
func (p *Proxy) WaitLate() { p.late.Wait() }

func (p *Proxy) take(r *http.Request) *Rule {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.counts[r.Method+" "+route(r.URL.Path)]++
	for i, rule := range p.rules {
		if (rule.Method == "" || strings.EqualFold(rule.Method, r.Method)) && pathMatches(rule.Path, r.URL.Path) && queryMatches(rule.Query, r.URL.Query()) {
			applied := *rule
			if rule.Times--; rule.Times <= 0 {
				p.rules = append(p.rules[:i], p.rules[i+1:]...)
			}
			return &applied
		}
	}
	return nil
}

func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	rule := p.take(r)
	if rule == nil {
		p.pass(w, r, body)
		return
	}
	if rule.OnMatch != nil {
		rule.OnMatch(r)
	}
	switch rule.Action {
	case StatusThenLate:
		p.late.Add(1)
		go func() {
			defer p.late.Done()
			time.Sleep(rule.Delay)
			if res, err := p.forward(r, body); err == nil {
				res.Body.Close()
			}
		}()
		p.status(w, rule)
		return
	case DropBefore:
		drop(w)
		return
	case StatusBefore:
		p.status(w, rule)
		return
	}
	if rule.Action == AnswerLate {
		res, err := p.forward(r, body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer res.Body.Close()
		select {
		case <-time.After(rule.Delay):
		case <-r.Context().Done():
			return
		}
		relay(w, res)
		return
	}
	if rule.Delay > 0 {
		select {
		case <-time.After(rule.Delay):
		case <-r.Context().Done():
			return
		}
	}
	switch rule.Action {
	case DropAfter, StatusAfter:
		if res, err := p.forward(r, body); err == nil {
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
		if rule.Action == DropAfter {
			drop(w)
		} else {
			p.status(w, rule)
		}
	default:
		p.pass(w, r, body)
	}
}

// forward sends the request to the server, detached from the client's
// connection: a server finishes what it was sent even if the client left.
func (p *Proxy) forward(r *http.Request, body []byte) (*http.Response, error) {
	out, err := http.NewRequest(r.Method, p.target+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	out.Header = r.Header.Clone()
	return p.client.Do(out)
}

func (p *Proxy) pass(w http.ResponseWriter, r *http.Request, body []byte) {
	res, err := p.forward(r, body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer res.Body.Close()
	relay(w, res)
}

func relay(w http.ResponseWriter, res *http.Response) {
	for k, v := range res.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(res.StatusCode)
	_, _ = io.Copy(w, res.Body)
}

// status answers like a gateway: rule.Body when set, else an HTML page, as nginx and most load
// balancers send, so the client cannot mistake it for the API's own error.
func (p *Proxy) status(w http.ResponseWriter, rule *Rule) {
	if rule.RetryAfter != "" {
		w.Header().Set("Retry-After", rule.RetryAfter)
	}
	if rule.Body != "" {
		w.Header().Set("Content-Type", cmp.Or(rule.ContentType, "application/json"))
		w.WriteHeader(rule.Status)
		_, _ = io.WriteString(w, rule.Body)
		return
	}
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(rule.Status)
	_, _ = io.WriteString(w, "<html><body><h1>"+http.StatusText(rule.Status)+"</h1></body></html>")
}

func drop(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

func pathMatches(pattern, path string) bool {
	if pattern == "" {
		return true
	}
	path = strings.TrimSuffix(path, "/")
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(xs) {
		return false
	}
	for i := range ps {
		wildcard := strings.HasPrefix(ps[i], "{") && strings.HasSuffix(ps[i], "}")
		if ps[i] != xs[i] && !wildcard {
			return false
		}
	}
	return true
}

func queryMatches(want string, got url.Values) bool {
	params, err := url.ParseQuery(want)
	if err != nil {
		return false
	}
	for name, values := range params {
		for _, v := range values {
			if !slices.Contains(got[name], v) {
				return false
			}
		}
	}
	return true
}

// route replaces the key-id segment of an api-keys path with {id}.
func route(path string) string {
	parts := strings.Split(strings.TrimSuffix(path, "/"), "/")
	if len(parts) >= 4 && parts[1] == "admin" && parts[2] == "api-keys" {
		parts[3] = "{id}"
	}
	return strings.Join(parts, "/")
}
