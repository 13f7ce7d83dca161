// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package xclade

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// Creating a key with proof of ownership.
//
// A create is not idempotent, the API has no idempotency key, and titles are
// not unique: after a create's answer is lost, "a key with the same title,
// made about then" may be anyone's. So a create claims its key in a way no
// other request can: the key is created under a pending title, the wanted
// title followed by a marker holding a random nonce and a deadline,
//
//	ci-deployer [tf-create 7k3m9x2q4w8z5v6b until 2026-11-30T10:45:00Z]
//
// and renamed to the wanted title once the create's answer is in hand. A key
// whose title holds this call's nonce was made by this call and by nothing
// else, so it may be adopted (a publishable key, whose token is readable) or
// revoked and deleted (a secret key, whose token was lost with the answer). A
// key with any other title is never touched. The rename's answer is the whole
// key as a read returns it, so it replaces the read-back that a create needs
// anyway: a create without faults costs two requests, as before.
//
// A key that still carries a marker after its deadline was abandoned by the
// run that created it (killed, or unable to reach the server again): nobody
// holds its token, and it is safe to revoke. The deadline is when the
// creating call stops looking for it, so a live marker always means "still
// being created", and a passed one "nobody will finish this".

// pendingMarkerRE matches a pending title: the wanted title (possibly
// empty), the nonce and the deadline.
var pendingMarkerRE = regexp.MustCompile(`^(?s)(.*?) ?\[tf-create ([a-z2-7]{16}) until (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)\]$`)

// pendingTitle is the title a key carries while this client creates it.
type pendingTitle struct {
	want     string
	nonce    string
	deadline time.Time
}

func newPendingTitle(want string, deadline time.Time) pendingTitle {
	const alphabet = "abcdefghijklmnopqrstuvwxyz234567" // no '_' or '%': they are wildcards to q's ILIKE
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return pendingTitle{want: want, nonce: string(b), deadline: deadline.UTC().Truncate(time.Second).Add(time.Second)}
}

func (p pendingTitle) String() string {
	marker := "[tf-create " + p.nonce + " until " + p.deadline.Format(time.RFC3339) + "]"
	if p.want == "" {
		return marker
	}
	return p.want + " " + marker
}

// AbandonedCreate reports whether title is a pending title whose deadline
// has passed at now: the key was left by a create that will never finish it,
// and nobody holds its token. want is the title the create wanted.
func AbandonedCreate(title string, now time.Time) (want string, deadline time.Time, abandoned bool) {
	m := pendingMarkerRE.FindStringSubmatch(title)
	if m == nil {
		return "", time.Time{}, false
	}
	deadline, err := time.Parse(time.RFC3339, m[3])
	if err != nil {
		return "", time.Time{}, false
	}
	return m[1], deadline, now.After(deadline)
}

// UnresolvedCreateError is a create whose outcome could not be settled: the
// request may have made a key, and the client could neither hand it over
// nor remove it. It names everything the user needs to finish the job.
type UnresolvedCreateError struct {
	Title, Type string
	// PendingTitle is the title a key made by this call carries: a key with
	// it that appears later was made by this call and nobody holds its token.
	PendingTitle string
	// Live are keys proven to be this call's that are still live because
	// removing them failed; Discarded were revoked and deleted.
	Live, Discarded []APIKey
	// Err is what went wrong first; LookupErr, why the keys could not be
	// looked for (nil when they were).
	Err, LookupErr error
}

func (e *UnresolvedCreateError) Unwrap() error { return e.Err }

func (e *UnresolvedCreateError) Error() string {
	var b strings.Builder
	b.WriteString(e.Err.Error())
	if len(e.Discarded) > 0 {
		fmt.Fprintf(&b, "; the %s key this create had made, %s, was revoked and deleted: its token was lost with the answer", e.Type, describeKeys(e.Discarded))
	}
	switch {
	case len(e.Live) > 0:
		fmt.Fprintf(&b, "; the key this create made is still live and could not be removed: %s. It is this run's (its title is %q) "+
			"and nobody holds its token: revoke it in the xclade admin, or import it (terraform import <address> %s) and destroy it",
			describeKeys(e.Live), e.PendingTitle, e.Live[0].ID)
	case e.LookupErr != nil:
		fmt.Fprintf(&b, "; looking for the key it may have made also failed (%v). A key titled %q, if one exists, was made by this run "+
			"and nobody holds its token: find it with the xclade_api_keys data source (titles = [%q]) and revoke it",
			e.LookupErr, e.PendingTitle, e.PendingTitle)
	case len(e.Discarded) == 0:
		fmt.Fprintf(&b, "; no key made by it was found. Should the server still apply it, the key appears titled %q: it was made by this run, "+
			"nobody holds its token, and it is safe to revoke (find it with the xclade_api_keys data source, titles = [%q])",
			e.PendingTitle, e.PendingTitle)
	}
	return b.String()
}

// CreatedKey is a key just created, with its token.
type CreatedKey struct {
	*APIKey
	// Caveat, when not empty, tells the user of a key that may still
	// appear: an attempt got no answer, nothing it made was found, and the
	// server might apply it late. It names the key's title.
	Caveat string
}

// CreateAPIKey creates a key and returns it with its token. It never leaves
// a key behind unnamed and never touches a key it did not create: when an
// attempt's outcome is unknown (the connection broke after the request was
// sent, a gateway answered 502/503/504, the attempt timed out, or ctx ended
// while it was in flight), it looks for the key by this call's pending title
// and
//   - finds a publishable key: adopts it (its token is readable);
//   - finds a secret key: its token was lost with the answer, so it revokes
//     and deletes it and tries again;
//   - finds none within a request_timeout: tries again.
//
// Once a key exists, naming it and looking for late copies run on a context
// detached from ctx (bounded by RecoveryTimeout), so an interrupt ends with
// the key returned, removed, or named in an *UnresolvedCreateError.
func (c *Client) CreateAPIKey(ctx context.Context, req CreateAPIKeyRequest) (*CreatedKey, error) {
	if req.Type != TypeSecret && req.Type != TypePublishable {
		return nil, fmt.Errorf("type must be %q or %q, got %q", TypeSecret, TypePublishable, req.Type)
	}
	pending := newPendingTitle(req.Title, c.createDeadline(ctx))
	marked := CreateAPIKeyRequest{Title: pending.String(), Type: req.Type}
	unresolved := func(err error) *UnresolvedCreateError {
		return &UnresolvedCreateError{Title: req.Title, Type: req.Type, PendingTitle: marked.Title, Err: err}
	}
	ambiguousBefore, unaccounted := false, false
	var discarded []APIKey
	for attempt := 0; ; attempt++ {
		key, err := c.createOnce(ctx, marked)
		if err == nil {
			return c.settle(ctx, pending, key, ambiguousBefore, unaccounted, discarded)
		}
		var amb *AmbiguousError
		if !errors.As(err, &amb) {
			if len(discarded) > 0 {
				u := unresolved(err)
				u.Discarded = discarded
				return nil, u
			}
			return nil, err // the server refused it: nothing was created
		}
		ambiguousBefore = true
		c.logf(ctx, "create outcome unknown, looking for the key by its pending title", map[string]any{"type": req.Type, "error": err.Error()})
		rctx, cancel := c.finishingContext(ctx)
		found, lerr := c.awaitPending(rctx, marked)
		if lerr != nil {
			cancel()
			u := unresolved(err)
			u.LookupErr, u.Discarded = lerr, discarded
			return nil, u
		}
		if len(found) > 0 && req.Type == TypePublishable {
			cancel()
			// Its token is readable; settle's sweep removes any other copy.
			return c.settle(ctx, pending, &found[0], true, unaccounted, discarded)
		}
		unaccounted = unaccounted || len(found) == 0
		// Secret keys whose answer was lost: proven ours, and useless.
		for _, k := range found {
			if derr := c.discard(rctx, k.ID); derr != nil {
				cancel()
				u := unresolved(err)
				u.Live, u.Discarded = []APIKey{k}, discarded
				return nil, u
			}
			discarded = append(discarded, k)
		}
		cancel()
		switch {
		case ctx.Err() != nil:
			u := unresolved(err)
			u.Discarded = discarded
			return nil, u
		case attempt >= c.cfg.MaxRetries:
			u := unresolved(fmt.Errorf("%w (gave up after %d attempts)", err, attempt+1))
			u.Discarded = discarded
			return nil, u
		}
		if serr := c.api.Sleep(ctx, c.api.Backoff(attempt, amb.Header)); serr != nil {
			u := unresolved(fmt.Errorf("%w; then: %w", err, serr))
			u.Discarded = discarded
			return nil, u
		}
	}
}

// createDeadline is when a create started now stops looking for its key:
// the caller's deadline (or, without one, every attempt's timeout and
// backoff), plus the recovery that may follow it.
func (c *Client) createDeadline(ctx context.Context) time.Time {
	if d, ok := ctx.Deadline(); ok {
		return d.Add(c.RecoveryTimeout())
	}
	attempts := time.Duration(c.cfg.MaxRetries + 1)
	return time.Now().Add(attempts * (c.cfg.RequestTimeout + c.cfg.MaxRetryDelay + c.RecoveryTimeout()))
}

// finishingContext is the context that finishes a create once a key may
// exist: detached from ctx's cancellation, so that an interrupt cannot leave
// the key half made, and bounded by whichever is later, ctx's own deadline
// (a slow server gets all the time the caller gave the create) or
// RecoveryTimeout from now (an interrupted or timed-out caller still gets
// its key named or removed).
func (c *Client) finishingContext(ctx context.Context) (context.Context, context.CancelFunc) {
	deadline := time.Now().Add(c.RecoveryTimeout())
	if d, ok := ctx.Deadline(); ok && ctx.Err() == nil && d.After(deadline) {
		deadline = d
	}
	return context.WithDeadline(context.WithoutCancel(ctx), deadline)
}

func (c *Client) createOnce(ctx context.Context, req CreateAPIKeyRequest) (*APIKey, error) {
	var env apiKeyEnvelope
	cl := call{method: http.MethodPost, path: "/admin/api-keys", body: req}
	if err := c.do(ctx, cl, &env); err != nil {
		return nil, err
	}
	if env.APIKey == nil || env.APIKey.ID == "" {
		return nil, errors.New("POST /admin/api-keys: the answer holds no api_key")
	}
	return env.APIKey, nil
}

// settle gives the key the wanted title and returns it with the token from
// key. It runs detached from ctx: the key exists, and an interrupt must
// leave it named and handed over, not half made. After an ambiguous
// attempt it also removes late copies: keys with this call's pending title
// that an earlier attempt made after the client had stopped waiting.
func (c *Client) settle(ctx context.Context, p pendingTitle, key *APIKey, sweep, unaccounted bool, discarded []APIKey) (*CreatedKey, error) {
	sctx, cancel := c.finishingContext(ctx)
	defer cancel()
	named, err := c.UpdateAPIKey(sctx, key.ID, p.want)
	if err != nil {
		u := &UnresolvedCreateError{Title: p.want, Type: key.Type, PendingTitle: p.String(), Discarded: discarded,
			Err: fmt.Errorf("the key %s was created but could not be given its title: %w", key.ID, err)}
		if derr := c.discard(sctx, key.ID); derr != nil {
			u.Live = []APIKey{*key}
		} else {
			u.Discarded = append(u.Discarded, *key)
		}
		return nil, u
	}
	if named.Token == "" {
		named.Token = key.Token // reads blank a secret key's token
	}
	if sweep {
		c.sweepPending(sctx, p.String(), key.Type)
	}
	out := &CreatedKey{APIKey: named}
	if unaccounted {
		out.Caveat = fmt.Sprintf("An earlier attempt of this create got no answer and nothing it made was found, so it was retried. "+
			"Should the server apply that attempt after all, a second key appears titled %q: it was made by this run, "+
			"nobody holds its token, and it is safe to revoke (find it with the xclade_api_keys data source, titles = [%q]).",
			p.String(), p.String())
	}
	return out, nil
}

// awaitPending looks for keys with the pending title. The server may still
// be working on the request (a gateway gave up on it, or the client did), so
// it keeps looking for one request_timeout before concluding that nothing
// was created.
func (c *Client) awaitPending(ctx context.Context, marked CreateAPIKeyRequest) ([]APIKey, error) {
	deadline := time.Now().Add(c.cfg.RequestTimeout)
	wait := 100 * time.Millisecond
	for {
		found, err := c.keysTitled(ctx, marked)
		if err != nil || len(found) > 0 || time.Now().After(deadline) {
			return found, err
		}
		if err := c.api.Sleep(ctx, min(wait, time.Until(deadline)+time.Millisecond)); err != nil {
			return nil, err
		}
		wait = min(2*wait, 2*time.Second)
	}
}

// sweepPending removes keys still carrying this call's pending title after
// its key was named: copies an earlier attempt made late, whose tokens
// nobody holds. The create itself succeeded, so failures are only logged;
// such a key keeps its marker, which says it is abandoned.
func (c *Client) sweepPending(ctx context.Context, marked, typ string) {
	found, err := c.keysTitled(ctx, CreateAPIKeyRequest{Title: marked, Type: typ})
	if err != nil {
		c.logf(ctx, "could not look for late copies of a retried create", map[string]any{"error": err.Error()})
		return
	}
	for _, k := range found {
		c.logf(ctx, "removing a late copy of a retried create", map[string]any{"id": k.ID})
		if err := c.discard(ctx, k.ID); err != nil {
			c.logf(ctx, "could not remove a late copy of a retried create", map[string]any{"id": k.ID, "error": err.Error()})
		}
	}
}

// keysTitled lists the keys of req's type with exactly req's title.
func (c *Client) keysTitled(ctx context.Context, req CreateAPIKeyRequest) ([]APIKey, error) {
	page, err := c.ListAPIKeys(ctx, ListParams{Filter: Filter{Titles: []string{req.Title}, Type: req.Type}, Order: "id", Limit: 50})
	if err != nil {
		return nil, err
	}
	var found []APIKey
	for _, k := range page.APIKeys {
		if k.Title == req.Title { // the server matched it; a proxy that ignored the filter must not widen it
			found = append(found, k)
		}
	}
	return found, nil
}

// discard revokes and deletes a key nobody can use.
func (c *Client) discard(ctx context.Context, id string) error {
	if _, err := c.RevokeAPIKey(ctx, id, 0); err != nil && !IsAlreadyRevoked(err) {
		return err
	}
	return c.DeleteAPIKey(ctx, id)
}

func describeKeys(keys []APIKey) string {
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s (%s, created %s)", k.ID, k.Redacted, FormatTime(k.CreatedAt)))
	}
	return strings.Join(parts, ", ")
}
