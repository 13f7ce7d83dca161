// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/xclade/terraform-provider-xclade/internal/boltz"
	"github.com/xclade/terraform-provider-xclade/internal/tfkit"
	"github.com/xclade/terraform-provider-xclade/internal/validators"
)

var (
	_ resource.ResourceWithConfigure      = (*apiKeyResource)(nil)
	_ resource.ResourceWithIdentity       = (*apiKeyResource)(nil)
	_ resource.ResourceWithImportState    = (*apiKeyResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*apiKeyResource)(nil)
	_ resource.ResourceWithValidateConfig = (*apiKeyResource)(nil)
)

// Operation bounds; a create is one request, a read one shared listing.
const (
	createTimeout = 5 * time.Minute
	readTimeout   = 5 * time.Minute
	deleteTimeout = 5 * time.Minute
)

// NewAPIKeyResource is the boltz_api_key resource.
func NewAPIKeyResource() resource.Resource { return &apiKeyResource{} }

type apiKeyResource struct{ data *providerData }

type apiKeyModel struct {
	ID            types.String      `tfsdk:"id"`
	Name          types.String      `tfsdk:"name"`
	WorkspaceID   types.String      `tfsdk:"workspace_id"`
	AllowedIPs    types.Set         `tfsdk:"allowed_ips"`
	ExpiresInDays types.Int64       `tfsdk:"expires_in_days"`
	Mode          types.String      `tfsdk:"mode"`
	Keepers       types.Map         `tfsdk:"keepers"`
	RotateAfter   types.String      `tfsdk:"rotate_after"`
	RotationDueAt timetypes.RFC3339 `tfsdk:"rotation_due_at"`
	Key           types.String      `tfsdk:"key"`
	KeyPrefix     types.String      `tfsdk:"key_prefix"`
	KeyType       types.String      `tfsdk:"key_type"`
	Livemode      types.Bool        `tfsdk:"livemode"`
	IsActive      types.Bool        `tfsdk:"is_active"`
	CreatedAt     timetypes.RFC3339 `tfsdk:"created_at"`
	ExpiresAt     timetypes.RFC3339 `tfsdk:"expires_at"`
	LastUsedAt    timetypes.RFC3339 `tfsdk:"last_used_at"`
}

var keyIDRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`)

func (r *apiKeyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_key"
}

func (r *apiKeyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A workspace API key of the Boltz API. Nothing about a key can be changed after it is " +
			"created, so changing any argument but `rotate_after` replaces it. Destroying the resource **revokes** the " +
			"key (the API has no delete: a revoked key stays in the key list). The secret (`key`) is returned only by " +
			"the create, and is kept in state from then on.",
		Attributes: tfkit.WithRotation(map[string]schema.Attribute{
			"id": tfkit.KeptString("The key's id."),
			"name": schema.StringAttribute{
				Required: true, PlanModifiers: replace,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 255)},
				MarkdownDescription: "The key's name, 1–255 characters. Names need not be unique. Changing it replaces the key.",
			},
			"workspace_id": schema.StringAttribute{
				Optional: true, Computed: true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				MarkdownDescription: "The workspace the key belongs to. When omitted, the organization's default workspace (read back after create). Changing it replaces the key.",
			},
			"allowed_ips": schema.SetAttribute{
				ElementType: types.StringType, Optional: true,
				PlanModifiers: []planmodifier.Set{setplanmodifier.RequiresReplaceIf(differentAddresses,
					"Changing the addresses replaces the key; another spelling of the same addresses only updates state.",
					"Changing the addresses replaces the key; another spelling of the same addresses only updates state.")},
				Validators: []validator.Set{ipSetValidator{}},
				MarkdownDescription: "The IPv4 and IPv6 addresses the key may be used from (single addresses, not CIDR " +
					"ranges). Omitted or empty: every address. Spellings of the same address (`2001:DB8::1`, " +
					"`2001:db8::1`) are the same value: rewriting one as the other only updates state. Changing the " +
					"addresses replaces the key.",
			},
			"expires_in_days": schema.Int64Attribute{
				Optional:      true,
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
				Validators:    []validator.Int64{int64validator.Between(1, 365)},
				MarkdownDescription: "Days until the server expires the key, 1–365; omitted: it never expires. The " +
					"server-side safety net behind `rotate_after`. Changing it replaces the key.",
			},
			"mode": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString(boltz.ModeLive), PlanModifiers: replace,
				Validators: []validator.String{stringvalidator.OneOf(boltz.ModeLive, boltz.ModeTest)},
				MarkdownDescription: "`live` (default) or `test` (test-mode resources with synthetic data, no GPU " +
					"cost). Changing it replaces the key.",
			},
			"key": schema.StringAttribute{
				Computed: true, Sensitive: true, PlanModifiers: keep,
				MarkdownDescription: "The full secret (`sk_bc_ws_…`). The API returns it only when the key is created; " +
					"it is null for an imported key. Anyone who can read the state can read it: use the `boltz_api_key` " +
					"ephemeral resource to keep a key out of state.",
			},
			"key_prefix": tfkit.KeptString("The first 12 characters of the secret; safe to show."),
			"key_type":   tfkit.KeptString("Always `workspace`: the API creates no other keys."),
			"livemode": schema.BoolAttribute{
				Computed: true, PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "`true` for a live key, `false` for a test key.",
			},
			"is_active": schema.BoolAttribute{
				Computed: true, PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "Whether the key works. Always `true` in state: a key revoked or expired outside " +
					"Terraform is removed from state with a warning at the next refresh, and the next plan creates its replacement.",
			},
			"created_at": tfkit.KeptTime("When the key was created (RFC 3339)."),
			"expires_at": tfkit.KeptTime("When the key expires (RFC 3339); null if it never does."),
			"last_used_at": schema.StringAttribute{
				CustomType: timetypes.RFC3339Type{}, Computed: true,
				MarkdownDescription: "When the key was last used, as of the last refresh; it changes whenever the key " +
					"is used, and never causes a planned change.",
			},
		}, "Keep it shorter than `expires_in_days`, which then stays the hard limit. "),
	}
}

// IdentitySchema is the key's id alone (tfkit.IDIdentitySchema).
func (r *apiKeyResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = tfkit.IDIdentitySchema("The key's id.")
}

func (r *apiKeyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = tfkit.DataOf[providerData](req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig catches at plan time what the server would refuse, or
// what would make rotation pointless.
func (r *apiKeyResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m apiKeyModel
	apiKeyValues().Read(ctx, req.Config.Raw, &m, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || m.ExpiresInDays.IsNull() || m.ExpiresInDays.IsUnknown() {
		return
	}
	rotate, err := time.ParseDuration(m.RotateAfter.ValueString())
	if err != nil {
		return
	}
	if days := m.ExpiresInDays.ValueInt64(); rotate >= time.Duration(days)*24*time.Hour {
		resp.Diagnostics.AddAttributeError(path.Root("rotate_after"), "rotate_after must be shorter than expires_in_days",
			fmt.Sprintf("rotate_after = %q is not shorter than expires_in_days = %d (%s): the server would expire the key "+
				"before Terraform rotates it. Rotate early and keep the expiry as the hard limit, e.g. rotate_after = \"1440h\" "+
				"(60 days) with expires_in_days = 90.", m.RotateAfter.ValueString(), days, validators.Human(time.Duration(days)*24*time.Hour)))
	}
}

// ModifyPlan shows what a new key is known to look like, and replaces a
// key whose rotation is due.
func (r *apiKeyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan apiKeyModel
	apiKeyValues().Read(ctx, req.Plan.Raw, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.State.Raw.IsNull() {
		plan.KeyType, plan.IsActive, plan.LastUsedAt = types.StringValue("workspace"), types.BoolValue(true), timetypes.NewRFC3339Null()
		if !plan.Mode.IsUnknown() {
			plan.Livemode = types.BoolValue(plan.Mode.ValueString() == boltz.ModeLive)
		}
		if plan.ExpiresInDays.IsNull() {
			plan.ExpiresAt = timetypes.NewRFC3339Null()
		}
		if plan.RotateAfter.IsNull() {
			plan.RotationDueAt = timetypes.NewRFC3339Null()
		}
		apiKeyValues().Set(ctx, &resp.Plan.Raw, &plan, &resp.Diagnostics)
		return
	}
	var state apiKeyModel
	apiKeyValues().Read(ctx, req.State.Raw, &state, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	created := tfkit.TimeOf(state.CreatedAt)
	plan.RotationDueAt = tfkit.RotationDueAt(created, plan.RotateAfter, timeValue)
	// An update (only rotate_after can change in place) must not turn
	// last_used_at into "known after apply": it keeps the refreshed value.
	plan.LastUsedAt = state.LastUsedAt
	if due, ok := tfkit.RotationDue(created, plan.RotateAfter, r.now()); ok {
		tflog.Info(ctx, "Boltz API key is due for rotation", map[string]any{"id": state.ID.ValueString(), "rotation_due_at": due})
		plan.RotationDueAt = timetypes.NewRFC3339Unknown()
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("rotation_due_at"))
	}
	apiKeyValues().Set(ctx, &resp.Plan.Raw, &plan, &resp.Diagnostics)
}

func (r *apiKeyResource) now() time.Time {
	if r.data == nil {
		return time.Now()
	}
	return r.data.clock.Now()
}

func (r *apiKeyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx, plan, done, ok := tfkit.Open[apiKeyModel](ctx, r.data, typeName, apiKeyValues().Of(req.Plan.Raw), createTimeout, &resp.Diagnostics)
	defer done()
	if !ok {
		return
	}
	in := createRequest(ctx, plan.Name, plan.WorkspaceID, plan.AllowedIPs, plan.Mode)
	in.ExpiresInDays = int(plan.ExpiresInDays.ValueInt64())
	created, err := r.data.client.Create(ctx, in)
	if err != nil {
		addAPIError(&resp.Diagnostics, "create", fmt.Sprintf("boltz_api_key %q", in.Name), err)
		return
	}
	tflog.Info(ctx, "created Boltz API key", map[string]any{"id": created.Details.ID, "key_prefix": created.Details.KeyPrefix})
	state := plan
	state.Key = types.StringValue(created.Key.Reveal())
	applyKey(ctx, &state, &created.Details)
	apiKeyValues().Set(ctx, &resp.State.Raw, &state, &resp.Diagnostics)
	tfkit.SetIdentity(resp.Identity, created.Details.ID)
}

// createRequest builds the create body from the arguments the resource and
// the ephemeral resource share. It omits unknown or null arguments, so the
// API applies its defaults.
func createRequest(ctx context.Context, name, workspace types.String, ips types.Set, mode types.String) boltz.CreateRequest {
	in := boltz.CreateRequest{Name: name.ValueString(), WorkspaceID: workspace.ValueString(), Mode: mode.ValueString()}
	if !ips.IsNull() && !ips.IsUnknown() {
		_ = ips.ElementsAs(ctx, &in.AllowedIPs, false)
	}
	return in
}

// applyKey copies what the API says into m. The secret, allowed_ips'
// spelling and expires_in_days are kept: the API returns the first only
// from create, normalises the second, and does not echo the third.
func applyKey(ctx context.Context, m *apiKeyModel, k *boltz.APIKey) {
	m.ID = types.StringValue(k.ID)
	m.Name = types.StringValue(k.Name)
	m.WorkspaceID = tfkit.StringPtr(k.WorkspaceID)
	m.AllowedIPs = allowedIPsValue(ctx, m.AllowedIPs, k.AllowedIPs)
	m.Mode = types.StringValue(k.Mode())
	if m.ExpiresInDays.IsNull() || m.ExpiresInDays.IsUnknown() || (k.ExpiresAt == nil) != m.ExpiresInDays.IsNull() {
		m.ExpiresInDays = expiresInDays(k)
	}
	if m.Key.IsUnknown() {
		m.Key = types.StringNull()
	}
	m.KeyPrefix = types.StringValue(k.KeyPrefix)
	m.KeyType = types.StringValue(k.KeyType)
	m.Livemode = types.BoolValue(k.Livemode)
	m.IsActive = types.BoolValue(k.IsActive)
	m.CreatedAt = timeValue(k.CreatedAt)
	m.ExpiresAt = timePtrValue(k.ExpiresAt)
	m.LastUsedAt = timePtrValue(k.LastUsedAt)
	m.RotationDueAt = tfkit.RotationDueAt(k.CreatedAt, m.RotateAfter, timeValue)
}

func (r *apiKeyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx, state, done, ok := tfkit.Open[apiKeyModel](ctx, r.data, typeName, apiKeyValues().Of(req.State.Raw), readTimeout, &resp.Diagnostics)
	defer done()
	if !ok {
		return
	}
	id := state.ID.ValueString()
	// Set first, for state written before the provider had identity and for
	// CLIs older than 1.12, which send none: the framework rejects a read
	// that returns no identity, even one that removes the resource.
	tfkit.SetIdentity(resp.Identity, id)
	// One listing serves every key of the refresh (there is no get).
	k, err := r.data.client.Lookup(ctx, id)
	if boltz.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Boltz API key "+id+" is gone",
			fmt.Sprintf("The key %s (%s, %q) is no longer in the Boltz API's list of keys. It is removed from state; the next "+
				"plan creates a new key.", id, state.KeyPrefix.ValueString(), state.Name.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "Boltz API key "+id, err)
		return
	}
	if gone := unusable(k, r.data.client.ServerNow()); gone != "" {
		resp.Diagnostics.AddWarning(fmt.Sprintf("Boltz API key %s %s outside Terraform", id, gone),
			fmt.Sprintf("The key %s (%s, %q) %s and no longer works. It is removed from state; the next plan creates its "+
				"replacement.%s", id, k.KeyPrefix, k.Name, unusableDetail(k, gone), rotateHint(gone)))
		resp.State.RemoveResource(ctx)
		return
	}
	applyKey(ctx, &state, k)
	apiKeyValues().Set(ctx, &resp.State.Raw, &state, &resp.Diagnostics)
}

// unusable is "expired" or "was revoked" for a key that no longer works at
// now, else "". Whether the API marks expired keys inactive is not
// documented: an expires_at in the past means expired either way.
func unusable(k *boltz.APIKey, now time.Time) string {
	switch {
	case k.ExpiresAt != nil && !now.Before(*k.ExpiresAt):
		return "expired"
	case !k.IsActive:
		return "was revoked"
	}
	return ""
}

func unusableDetail(k *boltz.APIKey, gone string) string {
	if gone == "expired" {
		return "expired at " + k.ExpiresAt.UTC().Format(time.RFC3339)
	}
	return "was revoked (is_active = false)"
}

func rotateHint(gone string) string {
	if gone != "expired" {
		return ""
	}
	return " To replace keys before they expire, set rotate_after shorter than expires_in_days."
}

// Update only ever changes rotate_after, or the spelling of allowed_ips:
// every other change replaces the key.
func (r *apiKeyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state apiKeyModel
	apiKeyValues().Read(ctx, req.Plan.Raw, &plan, &resp.Diagnostics)
	apiKeyValues().Read(ctx, req.State.Raw, &state, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	// allowed_ips may change here only in spelling (differentAddresses).
	state.RotateAfter, state.Keepers, state.AllowedIPs = plan.RotateAfter, plan.Keepers, plan.AllowedIPs
	state.RotationDueAt = tfkit.RotationDueAt(tfkit.TimeOf(state.CreatedAt), plan.RotateAfter, timeValue)
	apiKeyValues().Set(ctx, &resp.State.Raw, &state, &resp.Diagnostics)
	// CLIs older than 1.12 send no identity to carry over, and the
	// framework rejects an update that returns none.
	tfkit.SetIdentity(resp.Identity, state.ID.ValueString())
}

// Delete revokes. A key that the list of keys shows inactive, or does not
// hold, counts as revoked: the API has no delete, and the goal (the key does
// not work) holds. Anything less proven fails, and the key stays in state.
func (r *apiKeyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	// Only the id is needed: a revoke is one request whatever the state says.
	ctx, ok := tfkit.Ready(ctx, r.data, typeName, &resp.Diagnostics)
	var id string
	if resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...); !ok || resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, deleteTimeout)
	defer cancel()
	if err := revoke(ctx, r.data.client, id); err != nil {
		addAPIError(&resp.Diagnostics, "revoke", "Boltz API key "+id, err)
		return
	}
	tflog.Info(ctx, "revoked Boltz API key", map[string]any{"id": id})
}

// revoke revokes a key, counting one that the API shows revoked already, or
// that its list of keys does not hold, as revoked.
func revoke(ctx context.Context, client *boltz.Client, id string) error {
	rev, err := client.Revoke(ctx, id)
	switch {
	case boltz.IsNotFound(err):
		tflog.Info(ctx, "Boltz API key not in the list of keys: nothing to revoke", map[string]any{"id": id})
		return nil
	case err != nil:
		return err
	case rev.Already:
		tflog.Info(ctx, "Boltz API key was revoked already (the list of keys shows it inactive)", map[string]any{"id": id})
	}
	return nil
}

func (r *apiKeyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, byIdentity := tfkit.ImportID(ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if !keyIDRE.MatchString(id) {
		how := "Import with the key's id, e.g. terraform import boltz_api_key.example <id>."
		if byIdentity {
			how = `Use the key's id as the identity, e.g. identity = { id = "key_01J0ABCDEFGHJKMNPQRSTVWXYZ" }.`
		}
		resp.Diagnostics.AddError("Invalid import id", fmt.Sprintf("%q is not a Boltz API key id. %s %s", id, how, findLiveKeys))
		return
	}
	ctx, ok := tfkit.Ready(ctx, r.data, typeName, &resp.Diagnostics)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, readTimeout)
	defer cancel()
	k, err := r.data.client.Lookup(ctx, id)
	switch {
	case boltz.IsNotFound(err):
		resp.Diagnostics.AddError("Cannot import "+id, fmt.Sprintf("The Boltz API lists no key %s. %s", id, findLiveKeys))
		return
	case err != nil:
		addAPIError(&resp.Diagnostics, "import", "Boltz API key "+id, err)
		return
	}
	if why := notImportable(k, r.data.client.ServerNow()); why != "" {
		resp.Diagnostics.AddError("Cannot import "+id, why+" "+findLiveKeys)
		return
	}
	m := importedModel(ctx, k)
	apiKeyValues().Set(ctx, &resp.State.Raw, &m, &resp.Diagnostics)
	tfkit.SetIdentity(resp.Identity, id)
	resp.Diagnostics.AddWarning("The secret of Boltz API key "+id+" cannot be imported",
		fmt.Sprintf("The Boltz API returns a key's secret only when it is created, so key stays null in state for %s (%s). If you "+
			"need the secret, rotate the key: terraform apply -replace=<address> creates a new key with its secret in state and "+
			"revokes this one.", id, k.KeyPrefix))
}

// findLiveKeys ends every import error: where importable keys are found.
const findLiveKeys = "Find live keys with the boltz_api_keys data source (status = \"active\"), or with terraform query and the boltz_api_key list resource."

// notImportable says why k cannot be managed at now, or is "".
func notImportable(k *boltz.APIKey, now time.Time) string {
	if gone := unusable(k, now); gone != "" {
		return fmt.Sprintf("The key %s (%s, %q) %s; a key that no longer works cannot be managed.", k.ID, k.KeyPrefix, k.Name, unusableDetail(k, gone))
	}
	if k.KeyType != "workspace" {
		return fmt.Sprintf("The key %s (%s) is an %s key: only workspace keys can be created through the API, so only they can be managed.",
			k.ID, k.KeyPrefix, k.KeyType)
	}
	return ""
}

// importedModel is the state an import of k leaves, and what the list
// resource hands out with include_resource: arguments the API does not
// show are null, so a configuration generated from it plans no change.
func importedModel(ctx context.Context, k *boltz.APIKey) apiKeyModel {
	m := apiKeyModel{Key: types.StringNull(), Keepers: types.MapNull(types.StringType), RotateAfter: types.StringNull(),
		AllowedIPs: types.SetNull(types.StringType), ExpiresInDays: types.Int64Null()}
	applyKey(ctx, &m, k)
	return m
}

// differentAddresses requires a new key only when allowed_ips lists other
// addresses, not another spelling of the same ones; null and empty both
// mean every address.
func differentAddresses(ctx context.Context, req planmodifier.SetRequest, resp *setplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !equalStrings(canonicalSet(ctx, req.StateValue), canonicalSet(ctx, req.PlanValue))
}
