// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Package validators holds attribute validators shared by the providers'
// schemas, with errors that say what to write instead.
package validators

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Duration accepts a Go duration string ("90s", "24h", "1h30m") between
// minimum and maximum inclusive; a negative maximum means no upper bound.
func Duration(minimum, maximum time.Duration) validator.String {
	return durationValidator{min: minimum, max: maximum}
}

type durationValidator struct{ min, max time.Duration }

func (v durationValidator) Description(context.Context) string {
	if v.max < 0 {
		return fmt.Sprintf("a duration such as \"90s\" or \"24h\", at least %s", Human(v.min))
	}
	return fmt.Sprintf("a duration such as \"90s\" or \"24h\", between %s and %s", Human(v.min), Human(v.max))
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v durationValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	raw := req.ConfigValue.ValueString()
	d, err := time.ParseDuration(raw)
	if err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%s: %q is not a duration.%s Use a number with a unit: \"0s\", \"90s\", \"15m\", \"24h\" (units: s, m, h).",
				req.Path, raw, suggestion(raw)))
		return
	}
	if d < v.min || (v.max >= 0 && d > v.max) {
		resp.Diagnostics.AddAttributeError(req.Path, "Duration out of range",
			fmt.Sprintf("%s: %q must be %s.", req.Path, raw, v.Description(ctx)))
	}
}

// daysRE is what people write for days and weeks, which Go durations lack.
var daysRE = regexp.MustCompile(`^\s*(\d+)\s*(d|days?|w|weeks?)\s*$`)

// suggestion turns "30d" into ` Days are not a unit here: write "720h" (30 days).`
func suggestion(raw string) string {
	m := daysRE.FindStringSubmatch(strings.ToLower(raw))
	if m == nil {
		return ""
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		return ""
	}
	days, unit := n, "days"
	if strings.HasPrefix(m[2], "w") {
		days, unit = 7*n, "weeks"
	}
	return fmt.Sprintf(" %s are not a unit here: write %q (%d %s).", strings.ToUpper(unit[:1])+unit[1:], fmt.Sprintf("%dh", 24*days), n, unit)
}

// Human renders d as a user writes it, with days or years beside a long
// one: "1m", "90s", "720h (30 days)", "87600h (10 years)".
func Human(d time.Duration) string {
	const day, year = 24 * time.Hour, 365 * 24 * time.Hour
	var s string
	switch {
	case d == 0:
		return "0s"
	case d%time.Hour == 0:
		s = fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		s = fmt.Sprintf("%dm", d/time.Minute)
	default:
		s = d.String()
	}
	switch {
	case d >= year && d%year == 0:
		s += fmt.Sprintf(" (%d years)", d/year)
	case d >= 2*day && d%day == 0:
		s += fmt.Sprintf(" (%d days)", d/day)
	}
	return s
}
