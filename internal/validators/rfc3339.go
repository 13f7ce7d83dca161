// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package validators

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// RFC3339 accepts a timestamp such as "2026-01-31T00:00:00Z". Its error
// shows an example, not Go's layout string.
func RFC3339() validator.String { return rfc3339Validator{} }

type rfc3339Validator struct{}

// RFC3339Example is the example errors and descriptions show.
const RFC3339Example = "2026-01-31T00:00:00Z"

func (rfc3339Validator) Description(context.Context) string {
	return "an RFC 3339 time such as \"" + RFC3339Example + "\""
}

func (v rfc3339Validator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (rfc3339Validator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	raw := req.ConfigValue.ValueString()
	if _, err := time.Parse(time.RFC3339, raw); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid time",
			fmt.Sprintf("%s: %q is not an RFC 3339 time. Write the date, the time and the time zone, e.g. %q (UTC) or \"2026-01-31T09:30:00+01:00\".",
				req.Path, raw, RFC3339Example))
	}
}
