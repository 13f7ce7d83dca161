// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package tfkit

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// What both providers' list resources (terraform query, Terraform 1.14+)
// share: the filters of their plural data source, the start of List, the
// stream of results and what one result holds.

// ListFilterAttributes is the optional arguments of the data source ds as
// list block arguments, so that both validate and describe each filter
// alike. skip names arguments the list block does not take (its own limit
// replaces a maximum); descriptions replaces what a list block means
// differently.
func ListFilterAttributes(ds datasource.DataSource, skip []string, descriptions map[string]string) map[string]schema.Attribute {
	var resp datasource.SchemaResponse
	ds.Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	attrs := map[string]schema.Attribute{}
	for name, a := range resp.Schema.Attributes {
		if !a.IsOptional() || slices.Contains(skip, name) {
			continue
		}
		desc := cmp.Or(descriptions[name], a.GetMarkdownDescription())
		switch a := a.(type) {
		case dsschema.StringAttribute:
			attrs[name] = schema.StringAttribute{Optional: true, Validators: a.Validators, MarkdownDescription: desc}
		case dsschema.ListAttribute:
			attrs[name] = schema.ListAttribute{ElementType: a.ElementType, Optional: true, Validators: a.Validators, MarkdownDescription: desc}
		case dsschema.Int64Attribute:
			attrs[name] = schema.Int64Attribute{Optional: true, Validators: a.Validators, MarkdownDescription: desc}
		default:
			panic(fmt.Sprintf("data source argument %s: no list block counterpart for %T", name, a))
		}
	}
	return attrs
}

// OpenList starts a List: Ready, then the list block's configuration as
// the model M. When it is false, stream already reports why.
func OpenList[M, T any](ctx context.Context, data *T, provider string, req list.ListRequest, stream *list.ListResultsStream) (context.Context, M, bool) {
	var diags diag.Diagnostics
	ctx, m, _, ok := Open[M](ctx, data, provider, req.Config, 0, &diags)
	if !ok {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
	}
	return ctx, m, ok
}

// ListResults streams the items that items yields, each turned into a
// list result by result, until Terraform has limit results (no limit when
// 0) or stops reading.
// It runs after List returns, while Terraform reads the results: items is
// asked for the next one only when the previous result has been sent, so
// Terraform stopping early stops the paging. The walk has its own deadline
// of timeout, as Terraform gives List none. An error ends the stream with
// the diagnostic fail makes of it.
func ListResults[I any](ctx context.Context, limit int64, timeout time.Duration, items func(context.Context) iter.Seq2[I, error],
	fail func(error, *diag.Diagnostics), result func(context.Context, I) list.ListResult) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		var n int64
		for item, err := range items(ctx) {
			if err != nil {
				var d diag.Diagnostics
				fail(err, &d)
				push(list.ListResult{Diagnostics: d})
				return
			}
			if !push(result(ctx, item)) {
				return
			}
			if n++; limit > 0 && n >= limit {
				return
			}
		}
	}
}

// ListResult is one object found: its identity (its id, SetIdentity), a
// name for people, and, when req asks for it, the resource as an import
// of it followed by a refresh would store it (set by state), so that the
// configuration terraform query generates imports with no change planned.
func ListResult(ctx context.Context, req list.ListRequest, id, displayName string, state func(*tfsdk.Resource, *diag.Diagnostics)) list.ListResult {
	res := req.NewListResult(ctx)
	res.DisplayName = displayName
	SetIdentity(res.Identity, id)
	if req.IncludeResource {
		state(res.Resource, &res.Diagnostics)
	}
	return res
}
