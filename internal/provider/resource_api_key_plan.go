// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/xclade/terraform-provider-xclade/internal/tfkit"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

var apiKeyIDRE = regexp.MustCompile(`^apk_[0-9A-Za-z]{10,40}$`)

// ModifyPlan marks what an update really changes, and replaces a key whose
// rotation is due.
func (r *apiKeyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	plan := readModel(ctx, req.Plan.Raw, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.State.Raw.IsNull() {
		// What a new key is known to look like, so the plan shows values
		// instead of "(known after apply)".
		if plan.RotateAfter.IsNull() {
			plan.RotationDueAt = timetypes.NewRFC3339Null()
		}
		plan.RevokedAt, plan.RevokedBy = timetypes.NewRFC3339Null(), types.StringNull()
		if plan.ExpireAfter.IsNull() {
			plan.ExpiresAt = timetypes.NewRFC3339Null()
		} else {
			// expire_after schedules the revocation at create.
			plan.RevokedAt, plan.RevokedBy, plan.ExpiresAt = timetypes.NewRFC3339Unknown(), types.StringUnknown(), timetypes.NewRFC3339Unknown()
		}
		if plan.Type.ValueString() == xclade.TypeSecret && plan.SalesChannelIDs.IsUnknown() {
			plan.SalesChannelIDs = types.SetNull(types.StringType)
		}
		plan.setRaw(ctx, &resp.Plan.Raw, &resp.Diagnostics)
		return
	}
	state := readModel(ctx, req.State.Raw, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if !plan.Title.Equal(state.Title) {
		plan.UpdatedAt = timetypes.NewRFC3339Unknown()
	}
	created := tfkit.TimeOf(state.CreatedAt)
	plan.RotationDueAt = tfkit.RotationDueAt(created, plan.RotateAfter, timeValue)
	// An unconfigured provider (its block still unknown) has no clock: the
	// next plan rotates the key.
	if r.data != nil {
		if due, ok := tfkit.RotationDue(created, plan.RotateAfter, r.data.clock.Now()); ok {
			tflog.Info(ctx, "xclade API key is due for rotation", map[string]any{"id": state.ID.ValueString(), "rotation_due_at": due})
			plan.RotationDueAt = timetypes.NewRFC3339Unknown()
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("rotation_due_at"))
		}
	}
	plan.setRaw(ctx, &resp.Plan.Raw, &resp.Diagnostics)
}
