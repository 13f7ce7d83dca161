// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package xclade

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/xclade/terraform-provider-xclade/internal/paging"
)

// SalesChannelFilter selects sales channels; every set field must match.
type SalesChannelFilter struct {
	IDs   []string
	Names []string // exact matches
	// Q is a case-insensitive substring of the name or description.
	Q          string
	IsDisabled *bool
}

func (f SalesChannelFilter) query() url.Values {
	q := url.Values{"fields": {"id,name,description,is_disabled"}, "order": {"id"}}
	for _, id := range f.IDs {
		q.Add("id[]", id)
	}
	for _, n := range f.Names {
		q.Add("name[]", n)
	}
	if f.Q != "" {
		q.Set("q", f.Q)
	}
	if f.IsDisabled != nil {
		q.Set("is_disabled", strconv.FormatBool(*f.IsDisabled))
	}
	return q
}

type salesChannelPage struct {
	SalesChannels []SalesChannel `json:"sales_channels"`
	Count         int            `json:"count"`
}

// AllSalesChannels lists every sales channel that f selects, in id order,
// pageSize a request.
func (c *Client) AllSalesChannels(ctx context.Context, f SalesChannelFilter, pageSize int) ([]SalesChannel, error) {
	var out []SalesChannel
	err := paging.Offset(ctx, "GET /admin/sales-channels", pageSize, func(ch SalesChannel) string { return ch.ID },
		func(ctx context.Context, offset, limit int) ([]SalesChannel, int, error) {
			q := f.query()
			q.Set("limit", strconv.Itoa(limit))
			q.Set("offset", strconv.Itoa(offset))
			var page salesChannelPage
			err := c.do(ctx, call{method: http.MethodGet, path: "/admin/sales-channels", query: q, idempotent: true}, &page)
			return page.SalesChannels, page.Count, err
		},
		func(fresh []SalesChannel, _ int) bool { out = append(out, fresh...); return true })
	return out, err
}
