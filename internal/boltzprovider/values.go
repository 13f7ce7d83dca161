// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"net/netip"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/xclade/terraform-provider-xclade/internal/boltz"
	"github.com/xclade/terraform-provider-xclade/internal/tfkit"
)

// Conversions from API values to Terraform values, shared by the resource,
// the data sources and the ephemeral resource.

// timeValue renders a time in UTC with the precision the API gave it.
func timeValue(t time.Time) timetypes.RFC3339 {
	return timetypes.NewRFC3339ValueMust(t.UTC().Format(time.RFC3339Nano))
}

func timePtrValue(t *time.Time) timetypes.RFC3339 { return tfkit.TimePtr(t, timeValue) }

// expiresInDays derives expires_in_days from a key the API shows, which
// does not echo it: expires_at - created_at in whole days, rounded, since
// whether the server rounds expires_at is not documented.
func expiresInDays(k *boltz.APIKey) types.Int64 {
	if k.ExpiresAt == nil {
		return types.Int64Null()
	}
	return types.Int64Value(int64(math.Round(k.ExpiresAt.Sub(k.CreatedAt).Hours() / 24)))
}

// ---------- allowed_ips ----------

// canonicalIP is an address in one spelling (lower case, shortest IPv6),
// so that 2001:DB8::1 and 2001:db8::1 are one address; "" if s is none.
func canonicalIP(s string) string {
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return ""
	}
	return a.String()
}

// ipProblem says what is wrong with s as an allowed IP, or "".
func ipProblem(s string) string {
	if canonicalIP(s) != "" {
		return ""
	}
	if _, err := netip.ParsePrefix(s); err == nil {
		return "is a CIDR range; the Boltz API documents single addresses only: list each address"
	}
	if strings.Contains(s, "%") {
		return "has an IPv6 zone (%…), which means nothing to a remote server"
	}
	return "is not an IPv4 or IPv6 address"
}

// canonicalSet is the canonical addresses of a set value, sorted.
func canonicalSet(ctx context.Context, v types.Set) []string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	var ips []string
	_ = v.ElementsAs(ctx, &ips, false)
	return canonicalAll(ips)
}

// canonicalAll is the canonical form of each address (or the text itself
// where it is no address), sorted.
func canonicalAll(ips []string) []string {
	out := make([]string, 0, len(ips))
	for _, ip := range ips {
		out = append(out, cmp.Or(canonicalIP(ip), ip))
	}
	sort.Strings(out)
	return out
}

// allowedIPsValue is what state should hold for the server's addresses:
// the prior value (the configured spelling) when it lists the same
// addresses, else the server's; null for "every IP" unless the prior value
// is an empty set, which means the same.
func allowedIPsValue(ctx context.Context, prior types.Set, server []string) types.Set {
	have := canonicalAll(server)
	if !prior.IsUnknown() && equalStrings(canonicalSet(ctx, prior), have) {
		return prior
	}
	if len(server) == 0 {
		return types.SetNull(types.StringType)
	}
	elems := make([]attr.Value, 0, len(server))
	for _, ip := range server {
		elems = append(elems, types.StringValue(ip))
	}
	return types.SetValueMust(types.StringType, elems)
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// ipSetValidator checks allowed_ips at plan time: addresses only, and no
// address twice in two spellings (the server would keep one).
type ipSetValidator struct{}

func (ipSetValidator) Description(context.Context) string {
	return "each element must be an IPv4 or IPv6 address (no CIDR ranges), listed once"
}

func (v ipSetValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (ipSetValidator) ValidateSet(ctx context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	seen := map[string]string{}
	for _, e := range req.ConfigValue.Elements() {
		s, ok := e.(types.String)
		if !ok || s.IsUnknown() || s.IsNull() {
			continue
		}
		ip := s.ValueString()
		at := req.Path.AtSetValue(s)
		if p := ipProblem(ip); p != "" {
			resp.Diagnostics.AddAttributeError(at, "Invalid allowed IP", fmt.Sprintf("%q %s, e.g. \"203.0.113.7\" or \"2001:db8::1\".", ip, p))
			continue
		}
		c := canonicalIP(ip)
		if other, dup := seen[c]; dup {
			resp.Diagnostics.AddAttributeError(at, "Allowed IP listed twice",
				fmt.Sprintf("%q and %q are the same address (%s): list it once.", other, ip, c))
		}
		seen[c] = ip
	}
}
