// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/xclade/terraform-provider-xclade/internal/tfkit"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// Conversions from API values to Terraform values, shared by the resource,
// the data sources and the ephemeral resource.

// timeValue renders a timestamp exactly as the API does (milliseconds, UTC).
func timeValue(t time.Time) timetypes.RFC3339 {
	return timetypes.NewRFC3339ValueMust(xclade.FormatTime(t))
}

func timePtrValue(t *time.Time) timetypes.RFC3339 { return tfkit.TimePtr(t, timeValue) }

var stringPtrValue = tfkit.StringPtr

// readableToken is the token a read can be trusted with: publishable tokens
// are returned on every read; a secret key's read token is "" (or, with a
// careless fields selection, its hash), never the key.
func readableToken(k *xclade.APIKey) types.String {
	if k.Type == xclade.TypePublishable && k.Token != "" {
		return types.StringValue(k.Token.Reveal())
	}
	return types.StringNull()
}

// salesChannelIDsValue is the key's channels for publishable keys and null
// for secret keys, which cannot have any.
func salesChannelIDsValue(ctx context.Context, k *xclade.APIKey) (types.Set, diag.Diagnostics) {
	if k.Type != xclade.TypePublishable {
		return types.SetNull(types.StringType), nil
	}
	ids := make([]attr.Value, 0, len(k.SalesChannels))
	for _, sc := range k.SalesChannels {
		ids = append(ids, types.StringValue(sc.ID))
	}
	// Built by hand: SetValueFrom's reflection is measurable on long lists.
	return types.SetValue(types.StringType, ids)
}
