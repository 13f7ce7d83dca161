// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package xclade

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xclade/terraform-provider-xclade/internal/paging"
)

// Orders the list endpoint accepts. Anything else (or two fields) makes the
// server answer 500, so the client refuses it before sending.
var validOrderFields = []string{
	"id", "title", "type", "redacted", "created_at", "updated_at", "revoked_at", "created_by", "revoked_by", "last_used_at",
}

// ValidOrders lists every order value the client accepts.
func ValidOrders() []string {
	out := make([]string, 0, 2*len(validOrderFields))
	for _, f := range validOrderFields {
		out = append(out, f, "-"+f)
	}
	return out
}

// TimeFilter is the API's operator map for one timestamp field. Null true
// selects keys where the field is null, false where it is not.
type TimeFilter struct {
	Eq, Ne, Gt, Gte, Lt, Lte *time.Time
	Null                     *bool
}

func (f *TimeFilter) encode(q url.Values, prefix string) {
	if f == nil {
		return
	}
	ops := []struct {
		name string
		t    *time.Time
	}{{"$eq", f.Eq}, {"$ne", f.Ne}, {"$gt", f.Gt}, {"$gte", f.Gte}, {"$lt", f.Lt}, {"$lte", f.Lte}}
	for _, op := range ops {
		if op.t != nil {
			q.Set(prefix+"["+op.name+"]", FormatTime(*op.t))
		}
	}
	if f.Null != nil {
		if *f.Null {
			q.Set(prefix+"[$eq]", "null")
		} else {
			q.Set(prefix+"[$ne]", "null")
		}
	}
}

// Filter selects keys; every set field must match.
type Filter struct {
	IDs       []string
	Titles    []string // exact matches
	Type      string
	Token     string // finds publishable keys only: secret keys are stored hashed
	CreatedAt *TimeFilter
	UpdatedAt *TimeFilter
	RevokedAt *TimeFilter
}

func (f *Filter) encode(q url.Values, prefix string) {
	key := func(name string) string {
		if prefix == "" {
			return name
		}
		return prefix + "[" + name + "]"
	}
	// Repeated id[] parameters: a comma-joined value is taken as one id.
	for _, id := range f.IDs {
		q.Add(key("id")+"[]", id)
	}
	for _, t := range f.Titles {
		q.Add(key("title")+"[]", t)
	}
	if f.Type != "" {
		q.Set(key("type"), f.Type)
	}
	if f.Token != "" {
		q.Set(key("token"), f.Token)
	}
	f.CreatedAt.encode(q, key("created_at"))
	f.UpdatedAt.encode(q, key("updated_at"))
	f.RevokedAt.encode(q, key("revoked_at"))
}

// ListParams are the query of GET /admin/api-keys.
type ListParams struct {
	Filter
	// Q is a case-insensitive substring of title or redacted.
	Q   string
	Or  []Filter
	And []Filter
	// Order is one field, optionally prefixed with "-" for descending.
	Order  string
	Limit  int // 0: the server's default (20)
	Offset int
	Fields []string
}

// ActiveAt selects keys that still work at t: never revoked, or revocation
// scheduled after t.
func ActiveAt(t time.Time) []Filter {
	null := true
	return []Filter{{RevokedAt: &TimeFilter{Null: &null}}, {RevokedAt: &TimeFilter{Gt: &t}}}
}

func (p *ListParams) validate() error {
	if p.Order != "" && !slices.Contains(ValidOrders(), p.Order) {
		return fmt.Errorf("order %q is not supported: use one of %s", p.Order, strings.Join(ValidOrders(), ", "))
	}
	if p.Limit < 0 {
		return fmt.Errorf("limit must not be negative, got %d", p.Limit)
	}
	if p.Offset < 0 {
		return fmt.Errorf("offset must not be negative, got %d", p.Offset)
	}
	if p.Type != "" && p.Type != TypeSecret && p.Type != TypePublishable {
		return fmt.Errorf("type must be %q or %q, got %q", TypeSecret, TypePublishable, p.Type)
	}
	return nil
}

func (p *ListParams) query() url.Values {
	q := url.Values{}
	p.Filter.encode(q, "")
	if p.Q != "" {
		q.Set("q", p.Q)
	}
	for i := range p.Or {
		p.Or[i].encode(q, "$or["+strconv.Itoa(i)+"]")
	}
	for i := range p.And {
		p.And[i].encode(q, "$and["+strconv.Itoa(i)+"]")
	}
	if p.Order != "" {
		q.Set("order", p.Order)
	}
	if p.Limit > 0 {
		q.Set("limit", strconv.Itoa(p.Limit))
	}
	if p.Offset > 0 {
		q.Set("offset", strconv.Itoa(p.Offset))
	}
	if len(p.Fields) > 0 {
		q.Set("fields", strings.Join(safeFields(p.Fields), ","))
	}
	return q
}

// safeFields keeps "type" in any explicit selection that has "token":
// without it the server cannot blank secret tokens and returns their stored
// hash instead.
func safeFields(fields []string) []string {
	out := make([]string, 0, len(fields)+1)
	explicit, hasToken, hasType := false, false, false
	for _, f := range fields {
		if f == "-type" {
			continue
		}
		switch f {
		case "token", "+token":
			hasToken = true
		case "type", "+type":
			hasType = true
		}
		if !strings.HasPrefix(f, "+") && !strings.HasPrefix(f, "-") {
			explicit = true
		}
		out = append(out, f)
	}
	if hasToken && !hasType && explicit {
		out = append(out, "type")
	}
	return out
}

// APIKeyList is one page of GET /admin/api-keys.
type APIKeyList struct {
	APIKeys []APIKey `json:"api_keys"`
	Count   int      `json:"count"`
	Offset  int      `json:"offset"`
	Limit   int      `json:"limit"`
}

// ListAPIKeys fetches one page.
func (c *Client) ListAPIKeys(ctx context.Context, p ListParams) (*APIKeyList, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	var out APIKeyList
	err := c.do(ctx, call{method: http.MethodGet, path: "/admin/api-keys", query: p.query(), idempotent: true}, &out)
	if err != nil {
		return nil, err
	}
	if out.APIKeys == nil {
		// The API always sends the list, empty or not: an answer without it
		// is someone else's, and "no key matches" would be a guess.
		return nil, fmt.Errorf("GET /admin/api-keys: unexpected answer: HTTP 200 without an api_keys list, so which keys exist is unknown (it came from %s: check that setting)", c.api.Endpoint())
	}
	return &out, nil
}

// AllAPIKeys pages through every match of p, pageSize keys a request
// (p.Limit is replaced; p.Offset is the starting point). Without an explicit
// order it pages by id, which is stable under concurrent inserts of newer
// keys. A key is yielded once even if a shifted page repeats it. Stop early
// by breaking out of the loop.
func (c *Client) AllAPIKeys(ctx context.Context, p ListParams, pageSize int) iter.Seq2[*APIKey, error] {
	return func(yield func(*APIKey, error) bool) {
		err := c.eachPage(ctx, p, pageSize, func(_ *APIKeyList, fresh []APIKey) bool {
			for i := range fresh {
				if !yield(&fresh[i], nil) {
					return false
				}
			}
			return true
		})
		if err != nil {
			yield(nil, err)
		}
	}
}

// ListAllAPIKeys pages like AllAPIKeys and stops after limit keys (0: no
// limit). total is the server's count of matches, from the last page read.
func (c *Client) ListAllAPIKeys(ctx context.Context, p ListParams, pageSize, limit int) (keys []APIKey, total int, err error) {
	err = c.eachPage(ctx, p, pageSize, func(page *APIKeyList, fresh []APIKey) bool {
		total = page.Count
		for _, k := range fresh {
			keys = append(keys, k)
			if limit > 0 && len(keys) >= limit {
				return false
			}
		}
		return true
	})
	if err != nil {
		return nil, 0, err
	}
	return keys, total, nil
}

// eachPage requests the pages of p in order, handing each to fn with the
// keys not seen on an earlier page (a key created or deleted between two
// requests shifts the pages of a non-id order). The paging package ends a
// walk that a server ignoring offset would make endless.
func (c *Client) eachPage(ctx context.Context, p ListParams, pageSize int, fn func(page *APIKeyList, fresh []APIKey) bool) error {
	if pageSize <= 0 {
		pageSize = 100
	}
	if p.Order == "" {
		p.Order = "id"
	}
	start := p.Offset
	var last *APIKeyList
	return paging.Offset(ctx, "GET /admin/api-keys", pageSize, func(k APIKey) string { return k.ID },
		func(ctx context.Context, offset, limit int) ([]APIKey, int, error) {
			p.Offset, p.Limit = start+offset, limit
			page, err := c.ListAPIKeys(ctx, p)
			if err != nil {
				return nil, 0, err
			}
			last = page
			return page.APIKeys, page.Count - start, nil
		},
		func(fresh []APIKey, _ int) bool { return fn(last, fresh) })
}

// FormatTime renders t the way the API does (RFC 3339, UTC, milliseconds).
func FormatTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z07:00")
}
