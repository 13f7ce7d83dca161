// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package tfkit

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/xclade/terraform-provider-xclade/internal/validators"
)

// Rotation by age (rotate_after, rotation_due_at), the same in both
// providers: a key is due once created + rotate_after has passed.

// RotationTime is created + rotate_after, when rotate_after is set and known.
func RotationTime(created time.Time, rotateAfter types.String) (time.Time, bool) {
	if created.IsZero() || rotateAfter.IsNull() || rotateAfter.IsUnknown() {
		return time.Time{}, false
	}
	d, err := time.ParseDuration(rotateAfter.ValueString())
	if err != nil {
		return time.Time{}, false
	}
	return created.Add(d), true
}

// RotationDueAt is rotation_due_at's value: unknown while rotate_after is,
// null without it, else the due time rendered by format (each API writes
// times its own way, and state should read like the API).
func RotationDueAt(created time.Time, rotateAfter types.String, format func(time.Time) timetypes.RFC3339) timetypes.RFC3339 {
	if rotateAfter.IsUnknown() {
		return timetypes.NewRFC3339Unknown()
	}
	t, ok := RotationTime(created, rotateAfter)
	if !ok {
		return timetypes.NewRFC3339Null()
	}
	return format(t)
}

// RotationDue reports whether the rotation is due at now, and when it is.
func RotationDue(created time.Time, rotateAfter types.String, now time.Time) (time.Time, bool) {
	due, ok := RotationTime(created, rotateAfter)
	return due, ok && !now.Before(due)
}

// TimeOf is the time in a known RFC 3339 value, or the zero time.
func TimeOf(v timetypes.RFC3339) time.Time {
	if v.IsNull() || v.IsUnknown() {
		return time.Time{}
	}
	t, diags := v.ValueRFC3339Time()
	if diags.HasError() {
		return time.Time{}
	}
	return t
}

// WithRotation adds a key resource's rotation arguments to its schema's
// attrs: keepers, rotate_after and rotation_due_at. note ends
// rotate_after's description (how it relates to the key's own expiry).
func WithRotation(attrs map[string]schema.Attribute, note string) map[string]schema.Attribute {
	attrs["keepers"] = schema.MapAttribute{
		ElementType: types.StringType, Optional: true,
		PlanModifiers:       []planmodifier.Map{mapplanmodifier.RequiresReplace()},
		MarkdownDescription: "Arbitrary values; changing any of them replaces (rotates) the key.",
	}
	attrs["rotate_after"] = schema.StringAttribute{
		Optional:   true,
		Validators: []validator.String{validators.Duration(time.Minute, -1)},
		MarkdownDescription: "Rotate the key when it is older than this duration (e.g. `\"720h\"`), measured from " +
			"`created_at`: once due, the next plan replaces the key. " + note + "Changing it only updates state.",
	}
	attrs["rotation_due_at"] = schema.StringAttribute{
		CustomType: timetypes.RFC3339Type{}, Computed: true,
		MarkdownDescription: "When `rotate_after` makes the key due for rotation (RFC 3339); null without `rotate_after`.",
	}
	return attrs
}
