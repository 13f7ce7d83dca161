// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package tfkit

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/xclade/terraform-provider-xclade/internal/validators"
)

// RevokeKey is the <provider>_revoke_api_key action both providers serve
// (Terraform 1.14+): it revokes the one key named by id, for incident
// response (terraform apply -invoke=action.…) and for keys terraform query
// found that should die rather than be imported. The schema, the
// plan-time checks, the deadline and the progress reporting are the same
// for both; what a revocation is, and what proves a key already revoked,
// is each API's own (Revoke).
type RevokeKey[T any] struct {
	Spec RevokeKeySpec[T]
	data *T
}

// RevokeKeySpec is what one provider's action adds to the shared shape.
type RevokeKeySpec[T any] struct {
	// Provider is the provider's name, for messages ("xclade").
	Provider string
	// Description is the action's documentation.
	Description string
	// IDDescription documents id; IDValidator checks it at plan time (the
	// data sources' and import's own check).
	IDDescription string
	IDValidator   validator.String
	// RevokeIn adds an optional revoke_in (a duration) documented by it:
	// the key keeps working that long. Empty: the API revokes only now.
	RevokeIn string
	// Timeout bounds one invocation; Terraform sets no deadline of its own.
	Timeout time.Duration
	// Revoke revokes id after delay, reports what it finds and does through
	// progress, and adds an error to diags unless the key is revoked (or
	// scheduled) when it returns. It must touch no other key.
	Revoke func(ctx context.Context, data *T, id string, delay time.Duration, progress func(string), diags *diag.Diagnostics)
}

var _ action.ActionWithConfigure = (*RevokeKey[struct{}])(nil)

// NewRevokeKey is the action for spec, as a provider's Actions lists it.
func NewRevokeKey[T any](spec RevokeKeySpec[T]) func() action.Action {
	return func() action.Action { return &RevokeKey[T]{Spec: spec} }
}

type revokeKeyModel struct {
	ID       types.String `tfsdk:"id"`
	RevokeIn types.String `tfsdk:"revoke_in"`
}

type revokeKeyNowModel struct {
	ID types.String `tfsdk:"id"`
}

func (a *RevokeKey[T]) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_revoke_api_key"
}

func (a *RevokeKey[T]) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{Required: true, MarkdownDescription: a.Spec.IDDescription,
			Validators: []validator.String{a.Spec.IDValidator}},
	}
	if a.Spec.RevokeIn != "" {
		attrs["revoke_in"] = schema.StringAttribute{Optional: true, MarkdownDescription: a.Spec.RevokeIn,
			Validators: []validator.String{validators.Duration(0, 10*365*24*time.Hour)}}
	}
	resp.Schema = schema.Schema{MarkdownDescription: a.Spec.Description, Attributes: attrs}
}

func (a *RevokeKey[T]) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = DataOf[T](req.ProviderData, &resp.Diagnostics)
}

func (a *RevokeKey[T]) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var (
		m    revokeKeyModel
		ok   bool
		done context.CancelFunc
	)
	if a.Spec.RevokeIn != "" {
		ctx, m, done, ok = Open[revokeKeyModel](ctx, a.data, a.Spec.Provider, req.Config, a.Spec.Timeout, &resp.Diagnostics)
	} else {
		var n revokeKeyNowModel
		ctx, n, done, ok = Open[revokeKeyNowModel](ctx, a.data, a.Spec.Provider, req.Config, a.Spec.Timeout, &resp.Diagnostics)
		m.ID = n.ID
	}
	defer done()
	if !ok {
		return
	}
	var delay time.Duration
	if v := m.RevokeIn.ValueString(); v != "" {
		var err error
		if delay, err = time.ParseDuration(v); err != nil { // the validator has refused it already
			resp.Diagnostics.AddError("Invalid revoke_in", err.Error())
			return
		}
	}
	id := m.ID.ValueString()
	progress := func(msg string) {
		tflog.Info(ctx, msg, map[string]any{"id": id})
		if resp.SendProgress != nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: msg})
		}
	}
	a.Spec.Revoke(ctx, a.data, id, delay, progress, &resp.Diagnostics)
}

// NoSuchKey is the error of a RevokeKey invocation whose id the API does
// not know: nothing was revoked; find says where to look the id up.
func NoSuchKey(diags *diag.Diagnostics, what, id, find string) {
	diags.AddAttributeError(path.Root("id"), "No "+what+" "+id,
		fmt.Sprintf("The API knows no key %s, so nothing was revoked. Check the id: %s", id, find))
}

// Unconfirmed is the error of a RevokeKey invocation whose revocation no
// answer proves: the key may still work, so the action must run again.
func Unconfirmed(diags *diag.Diagnostics, subject, why, check string) {
	diags.AddError("Cannot confirm the revocation of "+subject,
		why+", so the key may still work. Check it with "+check+", and invoke the action again.")
}
