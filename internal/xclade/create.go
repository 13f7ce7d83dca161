package xclade

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// clockSlack widens the reconciliation window for the Date header's 1 s
// resolution and for the time the request spent in flight.
const clockSlack = 2 * time.Second

// CreateAPIKey creates a key without ever leaving two behind. A create is
// not idempotent, so it is not retried blindly: when an attempt fails after
// the request was sent (dropped connection, gateway error, timeout), the
// client lists the keys with the same title and type created since the
// attempt began and
//   - finds none: the create was not applied, so it tries again;
//   - finds one publishable key: adopts it (its token is readable);
//   - finds one secret key: its token was lost with the answer and cannot be
//     read back, so it revokes and deletes that key and tries again;
//   - finds several: stops with an error that names them.
func (c *Client) CreateAPIKey(ctx context.Context, req CreateAPIKeyRequest) (*APIKey, error) {
	if req.Type != TypeSecret && req.Type != TypePublishable {
		return nil, fmt.Errorf("type must be %q or %q, got %q", TypeSecret, TypePublishable, req.Type)
	}
	began := time.Now()
	ambiguous := false
	for attempt := 0; ; attempt++ {
		key, err := c.createOnce(ctx, req)
		var amb *AmbiguousError
		if err == nil {
			if ambiguous {
				c.sweepLateDuplicates(ctx, req, began, key.ID)
			}
			return key, nil
		}
		if !errors.As(err, &amb) {
			return nil, err
		}
		ambiguous = true
		c.logf(ctx, "create outcome unknown, reconciling", map[string]any{"title_length": len(req.Title), "type": req.Type, "error": err.Error()})
		found, rerr := c.awaitCreated(ctx, req, began, errors.Is(err, context.DeadlineExceeded))
		if rerr != nil {
			return nil, fmt.Errorf("%w; listing keys to find out whether it was created also failed: %v", err, rerr)
		}
		switch {
		case len(found) == 1 && req.Type == TypePublishable:
			c.sweepLateDuplicates(ctx, req, began, found[0].ID)
			return &found[0], nil
		case len(found) == 1:
			if derr := c.discard(ctx, found[0].ID); derr != nil {
				return nil, fmt.Errorf("%w; the secret key %s (%s) was created but its token was lost, and revoking it failed: %v; revoke it in the xclade admin",
					err, found[0].ID, found[0].Redacted, derr)
			}
		case len(found) > 1:
			return nil, fmt.Errorf("%w; %d keys titled %q of type %s were created since the attempt began (%s): revoke the extra ones, then import the one to keep",
				err, len(found), req.Title, req.Type, describeKeys(found))
		}
		if attempt >= c.cfg.MaxRetries {
			return nil, fmt.Errorf("%w (gave up after %d attempts; no key was left behind)", err, attempt+1)
		}
		if serr := c.sleep(ctx, c.backoff(attempt, nil)); serr != nil {
			return nil, serr
		}
	}
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

// awaitCreated looks for the keys an ambiguous create may have made. After
// a timeout the server may still be working on the request, so it keeps
// looking for up to one request_timeout before concluding that nothing was
// created.
func (c *Client) awaitCreated(ctx context.Context, req CreateAPIKeyRequest, began time.Time, timedOut bool) ([]APIKey, error) {
	deadline := time.Now().Add(c.cfg.RequestTimeout)
	for {
		found, err := c.createdSince(ctx, req, began)
		if err != nil || len(found) > 0 || !timedOut || time.Now().After(deadline) {
			return found, err
		}
		if err := c.sleep(ctx, min(250*time.Millisecond, time.Until(deadline)+time.Millisecond)); err != nil {
			return nil, err
		}
	}
}

// sweepLateDuplicates removes keys that an earlier, ambiguous attempt of
// this create made after the client had given up on it: same title and
// type, created since the first attempt, not the key being returned. Such a
// key is a copy nobody holds the token of. Failures are logged, not
// returned: the create itself succeeded.
func (c *Client) sweepLateDuplicates(ctx context.Context, req CreateAPIKeyRequest, began time.Time, keep string) {
	found, err := c.createdSince(ctx, req, began)
	if err != nil {
		c.logf(ctx, "could not check for late duplicates of a retried create", map[string]any{"error": err.Error()})
		return
	}
	for _, k := range found {
		if k.ID == keep {
			continue
		}
		c.logf(ctx, "discarding a late duplicate of a retried create", map[string]any{"id": k.ID})
		if err := c.discard(ctx, k.ID); err != nil {
			c.logf(ctx, "could not discard a late duplicate", map[string]any{"id": k.ID, "error": err.Error()})
		}
	}
}

// createdSince lists keys matching req created at or after the local time
// started, translated to the server's clock.
func (c *Client) createdSince(ctx context.Context, req CreateAPIKeyRequest, started time.Time) ([]APIKey, error) {
	p := ListParams{Filter: Filter{Titles: []string{req.Title}, Type: req.Type}, Order: "-created_at", Limit: 50}
	page, err := c.ListAPIKeys(ctx, p)
	if err != nil {
		return nil, err
	}
	// The list answer's own Date header calibrated the offset just now.
	since := c.serverTime(started).Add(-clockSlack)
	var found []APIKey
	for _, k := range page.APIKeys {
		if !k.CreatedAt.Before(since) && k.Title == req.Title {
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
		parts = append(parts, fmt.Sprintf("%s %s created %s", k.ID, k.Redacted, FormatTime(k.CreatedAt)))
	}
	return strings.Join(parts, ", ")
}
