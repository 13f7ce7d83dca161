// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package tfkit

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestRotation(t *testing.T) {
	created := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	format := func(t time.Time) timetypes.RFC3339 { return timetypes.NewRFC3339TimeValue(t) }
	after := types.StringValue("720h")
	if due, ok := RotationDue(created, after, created.Add(719*time.Hour)); ok || !due.Equal(created.Add(720*time.Hour)) {
		t.Errorf("due early: %v %v", due, ok)
	}
	if _, ok := RotationDue(created, after, created.Add(720*time.Hour)); !ok {
		t.Error("not due at created + rotate_after")
	}
	if v := RotationDueAt(created, types.StringNull(), format); !v.IsNull() {
		t.Errorf("without rotate_after: %v", v)
	}
	if v := RotationDueAt(created, types.StringUnknown(), format); !v.IsUnknown() {
		t.Errorf("unknown rotate_after: %v", v)
	}
	if got := TimeOf(RotationDueAt(created, after, format)); !got.Equal(created.Add(720 * time.Hour)) {
		t.Errorf("rotation_due_at %v", got)
	}
}
