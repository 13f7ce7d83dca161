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

	"github.com/xclade/terraform-provider-xclade/internal/apiclient"
)

// A create claims its key with a pending title (the wanted title plus a
// marker holding a random nonce and a deadline) and renames it once the
// answer is in hand: titles are not unique and the API has no idempotency
// key, so only the nonce proves which key a lost answer made. DESIGN.md,
// "Creating a key with proof of ownership".

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
	// removing them failed; Discarded were revoked and deleted; Revoked were
	// revoked (they no longer work) but deleting them failed.
	Live, Discarded, Revoked []APIKey
	// Err is what ended the create; LookupErr, why the keys could not be
	// looked for (nil when they were).
	Err, LookupErr error
	// Earlier is an earlier attempt's error when its outcome was unknown and
	// a later attempt ended the create (Err): the earlier one may still have
	// made a key.
	Earlier error
}

func (e *UnresolvedCreateError) Unwrap() error { return e.Err }

func (e *UnresolvedCreateError) Error() string {
	var b strings.Builder
	b.WriteString(e.Err.Error())
	if e.Earlier != nil {
		fmt.Fprintf(&b, "; an earlier attempt of this create may have been applied: %v", e.Earlier)
	}
	if len(e.Discarded) > 0 {
		fmt.Fprintf(&b, "; the %s key this create had made, %s, was revoked and deleted: its token was lost with the answer", e.Type, describeKeys(e.Discarded))
	}
	if len(e.Revoked) > 0 {
		fmt.Fprintf(&b, "; the %s key this create had made, %s, was revoked (it no longer works; its token was lost with the answer) "+
			"but deleting it failed, so it is still listed, revoked", e.Type, describeKeys(e.Revoked))
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
	case len(e.Discarded) == 0 && len(e.Revoked) == 0:
		fmt.Fprintf(&b, "; no key made by it was found. Should the server still apply it, the key appears titled %q: it was made by this run, "+
			"nobody holds its token, and it is safe to revoke (find it with the xclade_api_keys data source, titles = [%q])",
			e.PendingTitle, e.PendingTitle)
	}
	return b.String()
}

// end sets what ended the create and returns e.
func (e *UnresolvedCreateError) end(err error) *UnresolvedCreateError {
	e.Err = err
	return e
}

// CreatedKey is a key just created, with its token.
type CreatedKey struct {
	*APIKey
	// Caveat, when not empty, tells the user of a key that may still
	// appear: an attempt got no answer, nothing it made was found, and the
	// server might apply it late. It names the key's title.
	Caveat string
	// RenameErr, when not nil, is why the key still has its pending title
	// (APIKey.Title): it was created and its token is here, but giving it
	// the wanted title failed until the create's deadline. The caller holds
	// the key and gives it its title later (the next apply does).
	RenameErr error
}

// CreateAPIKey creates a key and returns it with its token. It never leaves
// a key behind unnamed and never touches a key it did not create: when an
// attempt's outcome is unknown (the connection broke after the request was
// sent, the server or a gateway answered 5xx or 408, the answer was a 2xx
// or 3xx without the key, the attempt timed out, or ctx ended while it was
// in flight), it looks for the key by this call's pending title and
//   - finds a publishable key: adopts it (its token is readable);
//   - finds a secret key: its token was lost with the answer, so it revokes
//     and deletes it and tries again;
//   - finds none within a request_timeout: tries again.
//
// When a later attempt is refused, the error still names the earlier
// attempt's pending title and what became of any key found under it.
//
// Once a key exists, naming it and looking for late copies run on a context
// detached from ctx (bounded by RecoveryTimeout), so an interrupt ends with
// the key returned, removed, or named in an *UnresolvedCreateError. Nothing
// runs past the pending title's deadline: a key that still carries it then
// was abandoned, unless it was returned (with RenameErr).
func (c *Client) CreateAPIKey(ctx context.Context, req CreateAPIKeyRequest) (*CreatedKey, error) {
	if req.Type != TypeSecret && req.Type != TypePublishable {
		return nil, fmt.Errorf("type must be %q or %q, got %q", TypeSecret, TypePublishable, req.Type)
	}
	pending := newPendingTitle(req.Title, c.createDeadline(ctx))
	ctx, stop := context.WithDeadline(ctx, pending.deadline)
	defer stop()
	marked := CreateAPIKeyRequest{Title: pending.String(), Type: req.Type}
	rep := &UnresolvedCreateError{Title: req.Title, Type: req.Type, PendingTitle: marked.Title}
	var earlier error // the latest attempt whose outcome was unknown
	unaccounted := false
	for attempt := 0; ; attempt++ {
		key, err := c.createOnce(ctx, marked)
		if err == nil {
			return c.settle(ctx, pending, key, earlier != nil, unaccounted, rep)
		}
		var amb *AmbiguousError
		if !errors.As(err, &amb) {
			if earlier == nil {
				return nil, err // the server refused it: nothing was created
			}
			return c.refusedAfterUnknown(ctx, pending, marked, err, earlier, unaccounted, rep)
		}
		earlier = err
		c.logf(ctx, "create outcome unknown, looking for the key by its pending title", map[string]any{"type": req.Type, "error": err.Error()})
		rctx, cancel := c.finishingContext(ctx, pending)
		found, lerr := c.awaitPending(rctx, marked)
		if lerr != nil {
			cancel()
			rep.LookupErr = lerr
			return nil, rep.end(err)
		}
		if len(found) > 0 && req.Type == TypePublishable {
			cancel()
			// Its token is readable; settle's sweep removes any other copy.
			return c.settle(ctx, pending, &found[0], true, unaccounted, rep)
		}
		unaccounted = unaccounted || len(found) == 0
		// Secret keys whose answer was lost: proven ours, and useless.
		for _, k := range found {
			if !c.remove(rctx, k, rep) {
				cancel()
				return nil, rep.end(err)
			}
		}
		cancel()
		switch {
		case ctx.Err() != nil:
			return nil, rep.end(err)
		case attempt >= c.cfg.MaxRetries:
			return nil, rep.end(fmt.Errorf("%w (gave up after %d attempts)", err, attempt+1))
		}
		if serr := c.api.Sleep(ctx, c.api.Backoff(attempt, amb.Header)); serr != nil {
			return nil, rep.end(fmt.Errorf("%w; then: %w", err, serr))
		}
	}
}

// refusedAfterUnknown ends a create whose attempt was refused (or could not
// be sent) after an earlier attempt's outcome was unknown: the refusal says
// nothing of the earlier attempt, so the key it may have made is looked for
// once more and handled as after any unknown outcome, and the error names
// both.
func (c *Client) refusedAfterUnknown(ctx context.Context, p pendingTitle, marked CreateAPIKeyRequest, err, earlier error, unaccounted bool, rep *UnresolvedCreateError) (*CreatedKey, error) {
	rep.Earlier = earlier
	if !unaccounted {
		return nil, rep.end(err) // every earlier attempt's key was found and removed
	}
	rctx, cancel := c.finishingContext(ctx, p)
	defer cancel()
	found, lerr := c.keysTitled(rctx, marked)
	switch {
	case lerr != nil:
		rep.LookupErr = lerr
		return nil, rep.end(err)
	case len(found) > 0 && marked.Type == TypePublishable:
		return c.settle(ctx, p, &found[0], true, false, rep)
	}
	for _, k := range found {
		if !c.remove(rctx, k, rep) {
			break
		}
	}
	return nil, rep.end(err)
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
// its key named or removed), but never past p's deadline: the marker
// promises that nobody touches the key after it.
func (c *Client) finishingContext(ctx context.Context, p pendingTitle) (context.Context, context.CancelFunc) {
	deadline := time.Now().Add(c.RecoveryTimeout())
	if d, ok := ctx.Deadline(); ok && ctx.Err() == nil && d.After(deadline) {
		deadline = d
	}
	return context.WithDeadline(context.WithoutCancel(ctx), earliest(deadline, p.deadline))
}

func earliest(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func (c *Client) createOnce(ctx context.Context, req CreateAPIKeyRequest) (*APIKey, error) {
	var env apiKeyEnvelope
	cl := call{method: http.MethodPost, path: "/admin/api-keys", body: req}
	if err := c.do(ctx, cl, &env); err != nil {
		return nil, err
	}
	if env.APIKey == nil || env.APIKey.ID == "" {
		// Success without the key is not the API's answer: what sent it may
		// have passed the create on first.
		return nil, apiclient.UnreadableAnswer(apiclient.Call{Method: cl.method, Path: cl.path},
			errors.New("the answer holds no api_key"))
	}
	return env.APIKey, nil
}

// settle gives the key the wanted title and returns it with the token from
// key. It runs detached from ctx: the key exists, and an interrupt must
// leave it named and handed over, not half made. After an ambiguous
// attempt it also removes late copies: keys with this call's pending title
// that an earlier attempt made after the client had stopped waiting. A key
// the client holds is never given up: when it cannot be renamed, it is
// returned with its pending title and RenameErr.
func (c *Client) settle(ctx context.Context, p pendingTitle, key *APIKey, sweep, unaccounted bool, rep *UnresolvedCreateError) (*CreatedKey, error) {
	sctx, cancel := c.finishingContext(ctx, p)
	defer cancel()
	out := &CreatedKey{APIKey: key}
	named, err := c.rename(sctx, key.ID, p.want)
	switch {
	case err != nil:
		c.logf(ctx, "a created key could not be given its title; it is returned with its pending title", map[string]any{"id": key.ID, "error": err.Error()})
		out.RenameErr = err
	default:
		if named.Token == "" {
			named.Token = key.Token // reads blank a secret key's token
		}
		out.APIKey = named
	}
	deleted := map[string]bool{}
	if sweep {
		deleted = c.sweepPending(sctx, p.String(), key)
	}
	if unaccounted {
		out.Caveat = fmt.Sprintf("An earlier attempt of this create got no answer and nothing it made was found, so it was retried. "+
			"Should the server apply that attempt after all, a second key appears titled %q: it was made by this run, "+
			"nobody holds its token, and it is safe to revoke (find it with the xclade_api_keys data source, titles = [%q]).",
			p.String(), p.String())
	}
	var undeleted []APIKey
	for _, k := range rep.Revoked {
		if !deleted[k.ID] {
			undeleted = append(undeleted, k)
		}
	}
	if len(undeleted) > 0 {
		out.Caveat = strings.TrimSpace(out.Caveat + fmt.Sprintf(" A key an earlier attempt made, %s, was revoked (its token was lost with the answer) "+
			"but could not be deleted: it no longer works and is listed as revoked.", describeKeys(undeleted)))
	}
	return out, nil
}

// rename gives a created key its title. The key exists and the client holds
// its token, so a failure is tried again until ctx (the create's budget)
// ends or the retries run out: giving up would cost the key.
func (c *Client) rename(ctx context.Context, id, title string) (*APIKey, error) {
	for attempt := 0; ; attempt++ {
		named, err := c.UpdateAPIKey(ctx, id, title)
		if err == nil || attempt >= c.cfg.MaxRetries || ctx.Err() != nil {
			return named, err
		}
		c.logf(ctx, "renaming a created key failed; trying again", map[string]any{"id": id, "attempt": attempt + 1, "error": err.Error()})
		if c.api.Sleep(ctx, c.api.Backoff(attempt, nil)) != nil {
			return nil, err
		}
	}
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
// its key was settled: copies an earlier attempt made late, whose tokens
// nobody holds. The create itself succeeded, so failures are only logged;
// such a key keeps its marker, which says it is abandoned. held is the key
// handed over, which may keep the marker when its rename failed. It
// returns the ids of the keys it deleted.
func (c *Client) sweepPending(ctx context.Context, marked string, held *APIKey) map[string]bool {
	deleted := map[string]bool{}
	found, err := c.keysTitled(ctx, CreateAPIKeyRequest{Title: marked, Type: held.Type})
	if err != nil {
		c.logf(ctx, "could not look for late copies of a retried create", map[string]any{"error": err.Error()})
		return deleted
	}
	for _, k := range found {
		if k.ID == held.ID {
			continue
		}
		c.logf(ctx, "removing a late copy of a retried create", map[string]any{"id": k.ID})
		if _, err := c.discard(ctx, k.ID); err != nil {
			c.logf(ctx, "could not remove a late copy of a retried create", map[string]any{"id": k.ID, "error": err.Error()})
			continue
		}
		deleted[k.ID] = true
	}
	return deleted
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

// discard revokes and deletes a key nobody can use. revoked says whether
// the key no longer works, also when deleting it then failed.
func (c *Client) discard(ctx context.Context, id string) (revoked bool, err error) {
	if _, err := c.RevokeAPIKey(ctx, id, 0); err != nil && !IsAlreadyRevoked(err) {
		return false, err
	}
	return true, c.DeleteAPIKey(ctx, id)
}

// remove discards k, a key this create made whose token was lost, and
// files it in rep under what is true of it now: deleted, revoked only, or
// still live (then remove is false).
func (c *Client) remove(ctx context.Context, k APIKey, rep *UnresolvedCreateError) bool {
	revoked, err := c.discard(ctx, k.ID)
	switch {
	case err == nil:
		rep.Discarded = append(rep.Discarded, k)
	case revoked:
		c.logf(ctx, "a discarded key was revoked but not deleted", map[string]any{"id": k.ID, "error": err.Error()})
		rep.Revoked = append(rep.Revoked, k)
	default:
		rep.Live = append(rep.Live, k)
		return false
	}
	return true
}

func describeKeys(keys []APIKey) string {
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s (%s, created %s)", k.ID, k.Redacted, FormatTime(k.CreatedAt)))
	}
	return strings.Join(parts, ", ")
}
