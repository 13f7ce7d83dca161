// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/xclade/terraform-provider-xclade/internal/tfkit"
	"github.com/xclade/terraform-provider-xclade/internal/validators"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

var (
	_ resource.ResourceWithConfigure      = (*apiKeyResource)(nil)
	_ resource.ResourceWithImportState    = (*apiKeyResource)(nil)
	_ resource.ResourceWithValidateConfig = (*apiKeyResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*apiKeyResource)(nil)
	_ resource.ResourceWithIdentity       = (*apiKeyResource)(nil)
)

const (
	defaultCreateTimeout = 5 * time.Minute
	defaultUpdateTimeout = 5 * time.Minute
	defaultDeleteTimeout = 5 * time.Minute
	defaultReadTimeout   = 2 * time.Minute
)

// NewAPIKeyResource is the xclade_api_key resource.
func NewAPIKeyResource() resource.Resource { return &apiKeyResource{} }

type apiKeyResource struct{ data *providerData }

type apiKeyResourceModel struct {
	ID              types.String      `tfsdk:"id"`
	Title           types.String      `tfsdk:"title"`
	Type            types.String      `tfsdk:"type"`
	Token           types.String      `tfsdk:"token"`
	Redacted        types.String      `tfsdk:"redacted"`
	CreatedAt       timetypes.RFC3339 `tfsdk:"created_at"`
	CreatedBy       types.String      `tfsdk:"created_by"`
	UpdatedAt       timetypes.RFC3339 `tfsdk:"updated_at"`
	RevokedAt       timetypes.RFC3339 `tfsdk:"revoked_at"`
	RevokedBy       types.String      `tfsdk:"revoked_by"`
	RevokeDelay     types.String      `tfsdk:"revoke_delay"`
	DeleteOnDestroy types.Bool        `tfsdk:"delete_on_destroy"`
	SalesChannelIDs types.Set         `tfsdk:"sales_channel_ids"`
	Keepers         types.Map         `tfsdk:"keepers"`
	RotateAfter     types.String      `tfsdk:"rotate_after"`
	RotationDueAt   timetypes.RFC3339 `tfsdk:"rotation_due_at"`
	ExpireAfter     types.String      `tfsdk:"expire_after"`
	ExpiresAt       timetypes.RFC3339 `tfsdk:"expires_at"`
	Timeouts        timeouts.Value    `tfsdk:"timeouts"`
}

func (r *apiKeyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_key"
}

func (r *apiKeyResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "An API key of the xclade tenant: a `secret` key (`sk_…`) for the Admin API or a " +
			"`publishable` key (`pk_…`) for storefronts. Destroying the resource **revokes** the key, at once or after " +
			"`revoke_delay`, and deletes it if `delete_on_destroy` is set.",
		Attributes: tfkit.WithRotation(map[string]schema.Attribute{
			"id": tfkit.KeptString("The key's id (`apk_…`)."),
			"title": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The key's name. Titles need not be unique and may be empty. Changing it renames the key in place.",
			},
			"type": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "`secret` (an Admin API credential) or `publishable` (a storefront key). " +
					"Changing it replaces the key: the API cannot change a key's type.",
				Validators:    []validator.String{stringvalidator.OneOf(xclade.TypeSecret, xclade.TypePublishable)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"token": schema.StringAttribute{
				Computed: true, Sensitive: true, PlanModifiers: keep,
				MarkdownDescription: "The full key. The API returns a secret key's token only when the key is " +
					"created, so it is kept from then on and is null for an imported secret key. Publishable tokens " +
					"are read back from the API. Anyone who can read the state can read this value: use the " +
					"`xclade_api_key` ephemeral resource to keep a key out of state.",
			},
			"redacted":   tfkit.KeptString("The key shortened for display, e.g. `sk_531***908`; safe to show."),
			"created_at": tfkit.KeptTime("When the key was created (RFC 3339)."),
			"created_by": tfkit.KeptString("The id of the user (`user_…`) or secret key (`apk_…`) that created the key."),
			"updated_at": tfkit.KeptTime("When the key was last renamed or revoked (RFC 3339)."),
			"revoked_at": tfkit.KeptTime("When the key is revoked (RFC 3339): null while it is live, a future time while " +
				"a revocation is scheduled. A key revoked in the past outside Terraform is removed from state " +
				"with a warning, so the next plan creates a new one."),
			"revoked_by": tfkit.KeptString("Who revoked the key; null while it is live."),
			"revoke_delay": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString("0s"),
				MarkdownDescription: "How long the key keeps working after it is destroyed, as a duration such as " +
					"`\"90s\"` or `\"24h\"` (the API's `revoke_in`). Default `\"0s\"`: revoked at once. Combine it " +
					"with `create_before_destroy` for a rotation without downtime. Changing it only updates state.",
				Validators: []validator.String{validators.Duration(0, 10*365*24*time.Hour)},
			},
			"delete_on_destroy": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Also delete the key after revoking it on destroy, so it no longer shows in " +
					"the tenant's key list. Only possible with an immediate revocation (`revoke_delay = \"0s\"`). " +
					"Default `false`: the revoked key stays visible for audit. Changing it only updates state.",
			},
			"sales_channel_ids": schema.SetAttribute{
				ElementType: types.StringType, Optional: true, Computed: true,
				PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
				Validators:    []validator.Set{setvalidator.ValueStringsAre(salesChannelIDValidator())},
				MarkdownDescription: "Ids of the sales channels (`sc_…`) a publishable key is linked to; changes " +
					"link and unlink channels in place. Not allowed for secret keys. When not set, Terraform does " +
					"not manage the links; set `[]` to unlink every channel.",
			},
			"expire_after": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The key's longest life, as a duration such as `\"2160h\"` (90 days): its revocation " +
					"is scheduled on the server when the key is created (the API's `revoke_in`), so the server revokes it " +
					"on time even if Terraform never runs again. Combine it with a shorter `rotate_after` to rotate early " +
					"and keep the expiry as a hard limit. Changing it replaces the key.",
				Validators:    []validator.String{validators.Duration(time.Minute, 10*365*24*time.Hour)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"expires_at": tfkit.KeptTime("When the server revokes the key because of `expire_after` (RFC 3339); null without " +
				"`expire_after`. A key past it is revoked: the next refresh says so and the next plan creates its successor."),
		}, ""),
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}

// IdentitySchema is the key's id alone (tfkit.IDIdentitySchema).
func (r *apiKeyResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = tfkit.IDIdentitySchema("The key's id (apk_…).")
}

func (r *apiKeyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = tfkit.DataOf[providerData](req.ProviderData, &resp.Diagnostics)
}

// rawModel is a plan or state value that tfkit.Open reads into the model
// with readModel, so that the resource starts its operations like every
// other.
type rawModel tftypes.Value

func (v rawModel) Get(ctx context.Context, target any) diag.Diagnostics {
	var diags diag.Diagnostics
	*target.(*apiKeyResourceModel) = readModel(ctx, tftypes.Value(v), &diags)
	return diags
}

// withTimeout bounds ctx by the operation's entry in the timeouts block
// (def when it is unset); an entry that does not parse is reported in
// diags and def bounds the operation instead.
func withTimeout(ctx context.Context, timeout func(context.Context, time.Duration) (time.Duration, diag.Diagnostics),
	def time.Duration, diags *diag.Diagnostics) (context.Context, context.CancelFunc) {
	d, errs := timeout(ctx, def)
	diags.Append(errs...)
	return context.WithTimeout(ctx, d)
}

func (r *apiKeyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx, plan, done, ok := tfkit.Open[apiKeyResourceModel](ctx, r.data, typeName, rawModel(req.Plan.Raw), 0, &resp.Diagnostics)
	defer done()
	if !ok {
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Create, defaultCreateTimeout, &resp.Diagnostics)
	defer cancel()

	client := r.data.client
	// CreateAPIKey proves which key is its own, and finishes naming it even
	// when ctx ends (Ctrl-C, the create timeout) mid-request.
	created, err := client.CreateAPIKey(ctx, xclade.CreateAPIKeyRequest{Title: plan.Title.ValueString(), Type: plan.Type.ValueString()})
	if err != nil {
		addAPIError(&resp.Diagnostics, "create", fmt.Sprintf("xclade_api_key %q", plan.Title.ValueString()), err)
		return
	}
	tflog.Info(ctx, "created xclade API key", map[string]any{"id": created.ID, "type": created.Type})
	if created.Caveat != "" {
		resp.Diagnostics.AddWarning("xclade API key "+created.ID+" was created after a retry", created.Caveat)
	}
	if created.RenameErr != nil {
		resp.Diagnostics.AddWarning("xclade API key "+created.ID+" keeps its temporary title",
			fmt.Sprintf("The key was created and is in state with its token, but giving it its title failed: %v. On the server "+
				"it is titled %q until the next terraform apply renames it to %q (the next plan shows that change). "+
				"Its title carries a create marker, but the key is not abandoned: this state holds it; do not revoke it.",
				created.RenameErr, created.Title, plan.Title.ValueString()))
	}

	// From here on the key exists: every early return saves it to state, so
	// a failed step leaves a tainted resource instead of an orphaned key.
	state := plan
	state.ID = types.StringValue(created.ID)
	state.Token = types.StringValue(created.Token.Reveal())
	tfkit.SetIdentity(resp.Identity, created.ID)
	r.applyKey(ctx, &state, created.APIKey, &resp.Diagnostics)
	defer func() {
		if created.RenameErr != nil {
			// The planned title, as Terraform requires; the next refresh reads
			// the server's and plans the rename.
			state.Title = plan.Title
		}
		state.settleUnknowns()
		state.setRaw(ctx, &resp.State.Raw, &resp.Diagnostics)
	}()

	if d, _ := time.ParseDuration(plan.ExpireAfter.ValueString()); d > 0 {
		scheduled, err := client.RevokeAPIKey(ctx, created.ID, d)
		if err != nil {
			addAPIAttributeError(&resp.Diagnostics, path.Root("expire_after"), "schedule the expiry of", "xclade API key "+created.ID, err)
			return
		}
		state.ExpiresAt = timePtrValue(scheduled.RevokedAt)
		r.applyKey(ctx, &state, scheduled, &resp.Diagnostics)
	}
	if want := plan.SalesChannelIDs; !want.IsNull() && !want.IsUnknown() && len(want.Elements()) > 0 {
		var ids []string
		resp.Diagnostics.Append(want.ElementsAs(ctx, &ids, false)...)
		linked, err := client.UpdateAPIKeySalesChannels(ctx, created.ID, ids, nil)
		if err != nil {
			addAPIAttributeError(&resp.Diagnostics, path.Root("sales_channel_ids"), "link sales channels to", "xclade API key "+created.ID, err)
			return
		}
		r.applyKey(ctx, &state, linked, &resp.Diagnostics)
	}
}

func (r *apiKeyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx, state, done, ok := tfkit.Open[apiKeyResourceModel](ctx, r.data, typeName, rawModel(req.State.Raw), defaultReadTimeout, &resp.Diagnostics)
	defer done()
	if !ok {
		return
	}
	id := state.ID.ValueString()
	// Set before anything else, for keys created or imported before the
	// provider had identity, and for CLIs older than 1.12, which send none:
	// the framework rejects a read that returns no identity, even one that
	// removes the resource.
	tfkit.SetIdentity(resp.Identity, id)
	key, err := r.data.client.GetAPIKeyBatched(ctx, id)
	switch {
	case xclade.IsNotFound(err):
		resp.Diagnostics.AddWarning("xclade API key "+id+" no longer exists",
			fmt.Sprintf("The key %s (%s) was deleted outside Terraform. It is removed from state; the next plan creates a new key.",
				id, state.Redacted.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		addAPIError(&resp.Diagnostics, "read", "xclade API key "+id, err)
		return
	}
	if now := r.data.client.ServerNow(); key.RevokedBefore(now) && expiredOnSchedule(state, key) {
		resp.Diagnostics.AddWarning("xclade API key "+id+" expired",
			fmt.Sprintf("The key %s (%s) expired at %s, as expire_after = %q scheduled when it was created: the server revoked it. "+
				"It is removed from state; the next plan creates its successor. To replace keys before they expire, set rotate_after "+
				"shorter than expire_after.", id, key.Redacted, xclade.FormatTime(*key.RevokedAt), state.ExpireAfter.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	} else if key.RevokedBefore(now) {
		resp.Diagnostics.AddWarning("xclade API key "+id+" was revoked outside Terraform",
			fmt.Sprintf("The key %s (%s) was revoked at %s by %s and no longer works. It is removed from state; the next plan creates a new key.",
				id, key.Redacted, xclade.FormatTime(*key.RevokedAt), stringOr(key.RevokedBy, "unknown")))
		resp.State.RemoveResource(ctx)
		return
	}
	r.applyKey(ctx, &state, key, &resp.Diagnostics)
	state.setRaw(ctx, &resp.State.Raw, &resp.Diagnostics)
}

// expiredOnSchedule reports whether the key's revocation is the one
// expire_after scheduled (the server may round it by a few milliseconds).
func expiredOnSchedule(state apiKeyResourceModel, key *xclade.APIKey) bool {
	expires := tfkit.TimeOf(state.ExpiresAt)
	if expires.IsZero() || key.RevokedAt == nil {
		return false
	}
	d := key.RevokedAt.Sub(expires)
	return d > -time.Second && d < time.Second
}

// applyKey copies what the API says into m. A secret key's token is never
// taken from a read: reads blank it, and the state keeps the one from create.
func (r *apiKeyResource) applyKey(ctx context.Context, m *apiKeyResourceModel, k *xclade.APIKey, diags *diag.Diagnostics) {
	m.ID = types.StringValue(k.ID)
	m.Title = types.StringValue(k.Title)
	m.Type = types.StringValue(k.Type)
	if tok := readableToken(k); !tok.IsNull() {
		m.Token = tok
	} else if m.Token.IsUnknown() || (m.Token.ValueString() == "" && !m.Token.IsNull()) {
		m.Token = types.StringNull()
	}
	m.Redacted = types.StringValue(k.Redacted)
	m.CreatedAt = timeValue(k.CreatedAt)
	m.CreatedBy = types.StringValue(k.CreatedBy)
	m.UpdatedAt = timeValue(k.UpdatedAt)
	m.RevokedAt = timePtrValue(k.RevokedAt)
	m.RevokedBy = stringPtrValue(k.RevokedBy)
	// The create answer has no sales_channels: keep the plan's until a read.
	if k.SalesChannels != nil || k.Type != xclade.TypePublishable {
		set, d := salesChannelIDsValue(ctx, k)
		diags.Append(d...)
		m.SalesChannelIDs = set
	}
	m.RotationDueAt = tfkit.RotationDueAt(k.CreatedAt, m.RotateAfter, timeValue)
}

func stringOr(s *string, fallback string) string {
	if s == nil {
		return fallback
	}
	return *s
}

// settleUnknowns replaces values still unknown after a partial create with
// null: Terraform refuses unknown values in state.
func (m *apiKeyResourceModel) settleUnknowns() {
	if m.SalesChannelIDs.IsUnknown() {
		m.SalesChannelIDs = types.SetNull(types.StringType)
	}
	for _, s := range []*types.String{&m.Token, &m.Redacted, &m.CreatedBy, &m.RevokedBy} {
		if s.IsUnknown() {
			*s = types.StringNull()
		}
	}
	for _, t := range []*timetypes.RFC3339{&m.CreatedAt, &m.UpdatedAt, &m.RevokedAt, &m.RotationDueAt, &m.ExpiresAt} {
		if t.IsUnknown() {
			*t = timetypes.NewRFC3339Null()
		}
	}
}

func (r *apiKeyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	ctx, plan, done, ok := tfkit.Open[apiKeyResourceModel](ctx, r.data, typeName, rawModel(req.Plan.Raw), 0, &resp.Diagnostics)
	defer done()
	var state apiKeyResourceModel
	if resp.Diagnostics.Append(rawModel(req.State.Raw).Get(ctx, &state)...); !ok || resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Update, defaultUpdateTimeout, &resp.Diagnostics)
	defer cancel()

	client := r.data.client
	id := state.ID.ValueString()
	// CLIs older than 1.12 send no identity to carry over, and the
	// framework rejects an update that returns none.
	tfkit.SetIdentity(resp.Identity, id)
	// revoke_delay, delete_on_destroy, rotate_after and keepers live only in
	// state; the API hears about title and sales channels alone.
	next := plan
	next.ID, next.Token = state.ID, state.Token
	// Rename and link answer with the whole key as a read returns it, so the
	// last answer is the key's state: no read-back needed.
	var key *xclade.APIKey
	if !plan.Title.Equal(state.Title) {
		renamed, err := client.UpdateAPIKey(ctx, id, plan.Title.ValueString())
		if err != nil {
			addAPIError(&resp.Diagnostics, "rename", "xclade API key "+id, err)
			return
		}
		key = renamed
	}
	if add, remove := setDiff(ctx, state.SalesChannelIDs, plan.SalesChannelIDs, &resp.Diagnostics); len(add)+len(remove) > 0 {
		linked, err := client.UpdateAPIKeySalesChannels(ctx, id, add, remove)
		if err != nil {
			addAPIAttributeError(&resp.Diagnostics, path.Root("sales_channel_ids"), "update the sales channels of", "xclade API key "+id, err)
			return
		}
		key = linked
	}
	if key != nil {
		r.applyKey(ctx, &next, key, &resp.Diagnostics)
	} else {
		// Nothing changed on the server: what the plan does not know is
		// what the state has.
		if err := tfkit.FillUnknowns(&next, &state); err != nil {
			addProviderBug(&resp.Diagnostics, "xclade_api_key", err.Error())
		}
		next.RotationDueAt = tfkit.RotationDueAt(tfkit.TimeOf(state.CreatedAt), plan.RotateAfter, timeValue)
	}
	next.settleUnknowns()
	next.setRaw(ctx, &resp.State.Raw, &resp.Diagnostics)
}

// setDiff is what to add to and remove from have to get want. An unknown or
// null want means "not managed": nothing changes.
func setDiff(ctx context.Context, have, want types.Set, diags *diag.Diagnostics) (add, remove []string) {
	if want.IsNull() || want.IsUnknown() {
		return nil, nil
	}
	var h, w []string
	if !have.IsNull() && !have.IsUnknown() {
		diags.Append(have.ElementsAs(ctx, &h, false)...)
	}
	diags.Append(want.ElementsAs(ctx, &w, false)...)
	inHave := make(map[string]bool, len(h))
	for _, id := range h {
		inHave[id] = true
	}
	inWant := make(map[string]bool, len(w))
	for _, id := range w {
		inWant[id] = true
		if !inHave[id] {
			add = append(add, id)
		}
	}
	for _, id := range h {
		if !inWant[id] {
			remove = append(remove, id)
		}
	}
	return add, remove
}

func (r *apiKeyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	ctx, state, done, ok := tfkit.Open[apiKeyResourceModel](ctx, r.data, typeName, rawModel(req.State.Raw), 0, &resp.Diagnostics)
	defer done()
	if !ok {
		return
	}
	ctx, cancel := withTimeout(ctx, state.Timeouts.Delete, defaultDeleteTimeout, &resp.Diagnostics)
	defer cancel()

	id := state.ID.ValueString()
	delay, _ := time.ParseDuration(state.RevokeDelay.ValueString())
	if err := revokeOnDestroy(ctx, r.data.client, id, state.Type.ValueString(), delay); err != nil {
		addAPIError(&resp.Diagnostics, "revoke", "xclade API key "+id, err)
		return
	}
	if state.DeleteOnDestroy.ValueBool() {
		if err := r.data.client.DeleteAPIKey(ctx, id); err != nil {
			addAPIError(&resp.Diagnostics, "delete", "xclade API key "+id, err)
			return
		}
	}
	tflog.Info(ctx, "revoked xclade API key", map[string]any{"id": id, "revoke_delay": delay.String(), "deleted": state.DeleteOnDestroy.ValueBool()})
}

// revokeOnDestroy revokes a key of type typ now or after delay without ever
// postponing or repeating a revocation: a key revoked in the past, or
// scheduled earlier than delay would put it, stays as it is, and a key that
// is gone counts as revoked. It reads the key first unless the API itself
// refuses to do harm: the API revokes a publishable key again on every call,
// moving its revoked_at and revoked_by (which would rewrite the audit trail
// of a key revoked by someone else), and a revoke_in would postpone an
// earlier schedule; but revoking a secret key now is refused once it is
// revoked ("already revoked") and only brings a later schedule forward. So
// an immediate destroy of a secret key costs the revoke alone.
//
// The read is coalesced, so its answer is as old as the destroy's run of
// reads at most (DESIGN.md, "Coalesced reads").
func revokeOnDestroy(ctx context.Context, client *xclade.Client, id, typ string, delay time.Duration) error {
	if typ == xclade.TypeSecret && delay == 0 {
		return revokeNow(ctx, client, id, delay)
	}
	key, err := client.GetAPIKeyBatched(ctx, id)
	if xclade.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if key.RevokedAt != nil && !key.RevokedAt.After(client.ServerNow().Add(delay)) {
		return nil
	}
	return revokeNow(ctx, client, id, delay)
}

// revokeNow revokes (or schedules) without reading first; gone or already
// revoked counts as revoked. The API answers a revoke of an unknown id
// 200 {}, which anything else in front of it could answer too, so "gone"
// is confirmed by the API's own 404 before the key leaves state.
func revokeNow(ctx context.Context, client *xclade.Client, id string, delay time.Duration) error {
	_, err := client.RevokeAPIKey(ctx, id, delay)
	switch {
	case xclade.IsAlreadyRevoked(err):
		return nil
	case xclade.IsNotFound(err):
		key, gerr := client.GetAPIKey(ctx, id)
		switch {
		case xclade.IsNotFound(gerr):
			return nil
		case gerr != nil:
			return fmt.Errorf("%w; confirming that the key is gone failed: %w", err, gerr)
		case key.RevokedBefore(client.ServerNow().Add(delay)):
			return nil
		}
		return fmt.Errorf("%w, but the key exists and is not revoked (%s): the answer did not come from the xclade API; check base_url or tenant", err, key.Redacted)
	}
	return err
}

func (r *apiKeyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, byIdentity := tfkit.ImportID(ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	how := "Import with the key's id, e.g. terraform import xclade_api_key.example apk_01J0ABCDEFGHJKMNPQRSTVWXYZ"
	if byIdentity {
		how = `Use the key's id as the identity, e.g. identity = { id = "apk_01J0ABCDEFGHJKMNPQRSTVWXYZ" }`
	}
	if !apiKeyIDRE.MatchString(id) {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("%q is not an xclade API key id. %s (find ids with the xclade_api_keys data source).", id, how))
		return
	}
	if r.data != nil && !importableKey(ctx, r.data.client, id, &resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	tfkit.SetIdentity(resp.Identity, id)
	// The defaults an omitted argument has, so a matching configuration
	// plans no change after import.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("revoke_delay"), "0s")...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("delete_on_destroy"), false)...)
}

// importableKey says why a key cannot be imported in the user's terms,
// instead of Terraform's "Cannot import non-existent remote object", and
// warns that an imported secret key comes without its token.
func importableKey(ctx context.Context, client *xclade.Client, id string, diags *diag.Diagnostics) bool {
	ctx, cancel := context.WithTimeout(ctx, defaultReadTimeout)
	defer cancel()
	// Batched: an import of many keys (import blocks) reads them in a few
	// list requests, like a refresh.
	key, err := client.GetAPIKeyBatched(ctx, id)
	const findLive = "Find live keys with the xclade_api_keys data source (status = \"active\")."
	switch {
	case xclade.IsNotFound(err):
		diags.AddError("Cannot import "+id, fmt.Sprintf("The xclade API has no key %s: it never existed or was deleted. %s", id, findLive))
		return false
	case err != nil:
		addAPIError(diags, "import", "xclade API key "+id, err)
		return false
	case key.RevokedBefore(client.ServerNow()):
		diags.AddError("Cannot import "+id, fmt.Sprintf("%s (%s, %q) was revoked at %s by %s; revoked keys cannot be managed. %s",
			id, key.Redacted, key.Title, xclade.FormatTime(*key.RevokedAt), stringOr(key.RevokedBy, "unknown"), findLive))
		return false
	case key.Type == xclade.TypeSecret:
		diags.AddWarning("The token of secret key "+id+" cannot be imported",
			fmt.Sprintf("The xclade API returns a secret key's token only when the key is created, so token stays null in state for %s (%s). "+
				"If you need the token, rotate the key: terraform apply -replace=<address> creates a new key with its token in state and revokes this one.",
				id, key.Redacted))
	}
	return true
}

func (r *apiKeyResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	m := readModel(ctx, req.Config.Raw, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.DeleteOnDestroy.ValueBool() && !m.RevokeDelay.IsUnknown() && !m.RevokeDelay.IsNull() {
		if d, err := time.ParseDuration(m.RevokeDelay.ValueString()); err == nil && d > 0 {
			resp.Diagnostics.AddAttributeError(path.Root("delete_on_destroy"), "delete_on_destroy needs an immediate revocation",
				fmt.Sprintf("delete_on_destroy = true cannot be combined with revoke_delay = %q: the API deletes only keys whose "+
					"revocation is in the past, so the key cannot be deleted when it is destroyed. Remove revoke_delay (or set it "+
					"to \"0s\"), or set delete_on_destroy = false.", m.RevokeDelay.ValueString()))
		}
	}
	rotate, rerr := time.ParseDuration(m.RotateAfter.ValueString())
	expire, eerr := time.ParseDuration(m.ExpireAfter.ValueString())
	if rerr == nil && eerr == nil && rotate >= expire {
		resp.Diagnostics.AddAttributeError(path.Root("rotate_after"), "rotate_after must be shorter than expire_after",
			fmt.Sprintf("rotate_after = %q is not shorter than expire_after = %q: the server would revoke the key before Terraform "+
				"rotates it. Rotate early and keep the expiry as a hard limit, e.g. rotate_after = \"1440h\" (60 days) with "+
				"expire_after = \"2160h\" (90 days): any plan in the last 30 days replaces the key before it expires.",
				m.RotateAfter.ValueString(), m.ExpireAfter.ValueString()))
	}
	if m.Type.ValueString() == xclade.TypeSecret && !m.SalesChannelIDs.IsNull() && !m.SalesChannelIDs.IsUnknown() && len(m.SalesChannelIDs.Elements()) > 0 {
		resp.Diagnostics.AddAttributeError(path.Root("sales_channel_ids"), "Sales channels need a publishable key",
			"sales_channel_ids can only be set when type = \"publishable\": the API links sales channels to publishable keys only. "+
				"Remove sales_channel_ids, or change type to \"publishable\".")
	}
}
