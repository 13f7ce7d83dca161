// Package validators holds attribute validators shared by the provider's
// schemas.
package validators

import (
	"context"
	"fmt"
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
		return fmt.Sprintf("a duration such as \"90s\" or \"24h\", at least %s", v.min)
	}
	return fmt.Sprintf("a duration such as \"90s\" or \"24h\", between %s and %s", v.min, v.max)
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
			fmt.Sprintf("%s: %q is not a duration. Use a number with a unit: \"0s\", \"90s\", \"15m\", \"24h\" (units: s, m, h).", req.Path, raw))
		return
	}
	if d < v.min || (v.max >= 0 && d > v.max) {
		resp.Diagnostics.AddAttributeError(req.Path, "Duration out of range",
			fmt.Sprintf("%s: %q must be %s.", req.Path, raw, v.Description(ctx)))
	}
}
