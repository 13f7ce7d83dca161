// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package validators

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func validate(v validator.String, raw string) string {
	resp := &validator.StringResponse{}
	v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("rotate_after"), ConfigValue: types.StringValue(raw)}, resp)
	if !resp.Diagnostics.HasError() {
		return ""
	}
	return resp.Diagnostics.Errors()[0].Detail()
}

func TestDurationErrorsSayWhatToWrite(t *testing.T) {
	v := Duration(time.Minute, 10*365*24*time.Hour)
	for raw, want := range map[string]string{
		"30d":     `Days are not a unit here: write "720h" (30 days).`,
		"2 weeks": `Weeks are not a unit here: write "336h" (2 weeks).`,
		"1y":      `Use a number with a unit`,
		"90000h":  `between 1m and 87600h (10 years)`,
		"30s":     `between 1m and 87600h (10 years)`,
		"720h":    "",
	} {
		got := validate(v, raw)
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("%q: got %q, want it to contain %q", raw, got, want)
		}
	}
}

func TestRFC3339ErrorShowsAnExample(t *testing.T) {
	for raw, ok := range map[string]bool{"2026-01-31T00:00:00Z": true, "2026-01-31T09:30:00+01:00": true, "2026-01-31": false, "yesterday": false} {
		got := validate(RFC3339(), raw)
		if ok != (got == "") {
			t.Errorf("%q: %q", raw, got)
		}
		if !ok && (!strings.Contains(got, `"2026-01-31T00:00:00Z"`) || strings.Contains(got, "2006-01-02")) {
			t.Errorf("%q: the error should show an example, not Go's layout: %q", raw, got)
		}
	}
}

func TestHuman(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Minute: "1m", 90 * time.Second: "1m30s", time.Second: "1s", 720 * time.Hour: "720h (30 days)",
		24 * time.Hour: "24h", 87600 * time.Hour: "87600h (10 years)", 366 * 24 * time.Hour: "8784h (366 days)",
	} {
		if got := Human(d); got != want {
			t.Errorf("Human(%s) = %q, want %q", d, got, want)
		}
	}
}
