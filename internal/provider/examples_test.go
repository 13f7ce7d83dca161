// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

// The examples under examples/ are what the documentation shows, and
// examples/quickstart is what `make demo` applies. These tests keep them true:
// every example that creates or reads something is applied and destroyed
// against a server (the emulator by default), and all of them must be
// `terraform fmt` clean.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-testing/config"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/provider"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// exampleRoot is the repository's examples directory, found from this
// package's directory (go test runs in it).
func exampleRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("repository root not found from the test's directory: %v", err)
	}
	return filepath.Join(root, "examples")
}

// example is one directory of examples/: its .tf files together are one
// Terraform configuration, as Terraform itself reads a directory.
type example struct {
	rel   string // e.g. "resources/xclade_api_key/rotation"
	dir   string
	files []string // the .tf files, sorted
}

// discoverExamples walks examples/ and returns every directory holding .tf
// files, so a new example is picked up without touching this test. Files
// that are not Terraform configurations (import.sh: a shell command for the
// docs) are not part of any configuration.
func discoverExamples(t *testing.T) []example {
	t.Helper()
	root := exampleRoot(t)
	byDir := map[string]*example{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); p != root && (strings.HasPrefix(name, ".") || name == "terraform.tfstate.d") {
				return filepath.SkipDir // .terraform/ of a local run
			}
			return nil
		}
		if filepath.Ext(p) != ".tf" {
			return nil
		}
		dir := filepath.Dir(p)
		ex := byDir[dir]
		if ex == nil {
			rel, _ := filepath.Rel(root, dir)
			ex = &example{rel: filepath.ToSlash(rel), dir: dir}
			byDir[dir] = ex
		}
		ex.files = append(ex.files, p)
		return nil
	})
	if err != nil {
		t.Fatalf("walking %s: %v", root, err)
	}
	out := make([]example, 0, len(byDir))
	for _, ex := range byDir {
		sort.Strings(ex.files)
		out = append(out, *ex)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	if len(out) == 0 {
		t.Fatalf("no examples found under %s", root)
	}
	return out
}

// content is the example's configuration: its files, copied into dst (a
// scratch directory, so substitutions never touch the tree) and joined.
func (ex example) content(t *testing.T, dst string, replace interface{ Replace(string) string }) string {
	t.Helper()
	var all bytes.Buffer
	for _, f := range ex.files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b = []byte(replace.Replace(string(b)))
		if err := os.WriteFile(filepath.Join(dst, filepath.Base(f)), b, 0o600); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&all, "# ---- %s ----\n%s\n", filepath.Base(f), b)
	}
	return all.String()
}

// TestAccExamples applies and destroys every example that has a resource,
// data source or ephemeral resource, exactly as written, with the provider's
// endpoint and credentials coming from the XCLADE_* environment the way the
// examples tell users to set them. Examples with only provider blocks
// (examples/provider) point at a tenant that exists only in the reader's
// account and have nothing to create: each of their files is checked with
// terraform validate instead (syntax and references; the provider block's
// arguments are checked by TestExamplesProviderArguments).
func TestAccExamples(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make test does)")
	}
	// The examples declare the provider by its registry address,
	// xclade/xclade, like users do; the in-process provider must answer to
	// that address rather than terraform-plugin-testing's default
	// hashicorp/xclade. Setenv makes this test sequential: no parallel test
	// runs while it does.
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "xclade")
	// examples/provider always needs the binary: one build serves all.
	mirror := acctest.BuildMirror(t, "xclade", ".")
	ran := 0
	for _, ex := range discoverExamples(t) {
		text := ex.readAll(t)
		cfg := acctest.ParseConfig(t, ex.rel, text)
		if !cfg.Calls("xclade_") {
			t.Run(ex.rel, func(t *testing.T) {
				if len(cfg.Blocks("action")) > 0 {
					acctest.SkipBelow114(t, acctest.FeatureActions)
				}
				validateExampleFiles(t, ex, mirror)
			})
			continue
		}
		ran++
		t.Run(ex.rel, func(t *testing.T) {
			var p *acctest.Mirror
			if cfg.Aliased("xclade") {
				p = mirror
			}
			runExample(t, ex, text, p)
		})
	}
	if ran == 0 {
		t.Fatal("no runnable example found")
	}
	queries, _ := filepath.Glob(filepath.Join(exampleRoot(t), "list-resources", "*", "*.tfquery.hcl"))
	if len(queries) == 0 {
		t.Fatal("no .tfquery.hcl example found under examples/list-resources")
	}
	for _, f := range queries {
		rel, _ := filepath.Rel(exampleRoot(t), f)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) { runQueryExample(t, f) })
	}
}

// runQueryExample runs terraform query with a .tfquery.hcl example, as
// written, against keys its list blocks are meant to find.
func runQueryExample(t *testing.T, file string) {
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	cfg := acctest.ParseConfig(t, file, text)
	acctest.SkipBelow114(t, acctest.FeatureQuery) // before any key is made
	e := acctest.New(t)
	// A key for each list block that filters by title and type alone,
	// titled to match it; the others (a time filter) need only to run.
	var checks []querycheck.QueryResultCheck
	for _, l := range cfg.Blocks("list", "xclade_api_key") {
		c := l.Blocks("config")
		if len(c) != 1 || !slices.Equal(c[0].Attributes(), []string{"query", "type"}) {
			continue
		}
		q, _ := c[0].Literal("query")
		typ, _ := c[0].Literal("type")
		k := e.CreateKey(t, q+" "+e.Prefix(), typ)
		checks = append(checks, querycheck.ExpectIdentity("xclade_api_key."+l.Labels[1], map[string]knownvalue.Check{"id": knownvalue.StringExact(k.ID)}))
	}
	if len(checks) == 0 {
		t.Fatalf("%s: no list block with a query and a type to check", file)
	}
	tfresource.Test(t, tfresource.TestCase{
		TerraformVersionChecks:   acctest.Needs114(acctest.FeatureQuery),
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []tfresource.TestStep{
			{Config: `provider "xclade" {}`},
			{Query: true, Config: text, QueryResultChecks: checks},
		},
	})
}

func (ex example) readAll(t *testing.T) string {
	t.Helper()
	var all strings.Builder
	for _, f := range ex.files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
		all.WriteByte('\n')
	}
	return all.String()
}

// runExample applies and destroys ex. With a plugin mirror, Terraform runs
// the provider binary instead of the in-process provider.
func runExample(t *testing.T, ex example, text string, mirror *acctest.Mirror) {
	e := acctest.New(t)
	titles := uniqueTitles(acctest.ParseConfig(t, ex.rel, text), e.Prefix())
	text = titles.Replace(text)
	exampleTitles := acctest.ParseConfig(t, ex.rel, text).Values("title")
	replace := exampleFixtures(t, e, text)
	before := existingKeyIDs(t, e)
	cfg := ex.content(t, t.TempDir(), chain{titles, replace})

	steps := []tfresource.TestStep{{Config: cfg}}
	if extra := exampleExtraSteps[ex.rel]; extra != nil {
		steps = extra(t, e, cfg)
	}
	tc := tfresource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps:                    steps,
		CheckDestroy: func(s *terraform.State) error {
			if err := e.CheckDestroyRevoked(s); err != nil {
				return err
			}
			return everyNewKeyRevoked(e, before, exampleTitles)
		},
	}
	if mirror != nil {
		useProviderBinary(t, e, &tc, mirror)
	}
	tfresource.Test(t, tc)
}

// uniqueTitles gives the example's literal titles a suffix unique to this
// run when the tests share a real server: keys from earlier runs stay there
// (revoked, or with a revocation still scheduled by revoke_delay) and would
// make a lookup by title ambiguous. Against a per-test emulator the example
// runs exactly as written.
func uniqueTitles(cfg acctest.Config, suffix string) *strings.Replacer {
	if !acctest.Real() {
		return strings.NewReplacer()
	}
	var pairs []string
	for _, quoted := range cfg.StringLiterals("title") {
		pairs = append(pairs, quoted, strings.TrimSuffix(quoted, `"`)+" "+suffix+`"`)
	}
	return strings.NewReplacer(pairs...)
}

// chain applies replacers in order.
type chain []*strings.Replacer

func (c chain) Replace(s string) string {
	for _, r := range c {
		s = r.Replace(s)
	}
	return s
}

// useProviderBinary makes tc run the provider as Terraform runs it for
// users: a plugin binary, installed by terraform init from the mirror, that
// reads its endpoint and credentials from the XCLADE_* environment.
//
// Examples with a second, aliased configuration of the xclade provider need
// it. Terraform starts one provider process per configuration, but the
// in-process provider of ProtoV6ProviderFactories is a single instance that
// every configuration reconfigures, so the last configuration's credentials
// would be used for all of them, which never happens outside tests.
func useProviderBinary(t *testing.T, e *acctest.Env, tc *tfresource.TestCase, mirror *acctest.Mirror) {
	t.Helper()
	t.Logf("running with the provider binary: the example configures the xclade provider more than once")
	t.Setenv("TF_CLI_CONFIG_FILE", mirror.CLIConfig)
	// Only this server's variables: never the developer's own XCLADE_*.
	vars := e.Vars()
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "XCLADE_") {
			if _, ok := vars[k]; !ok {
				t.Setenv(k, "")
			}
		}
	}
	for k, v := range vars {
		t.Setenv(k, v)
	}
	tc.ProtoV6ProviderFactories = nil
	tc.ExternalProviders = map[string]tfresource.ExternalProvider{
		"xclade": {Source: acctest.RegistryHost() + "/xclade/xclade", VersionConstraint: acctest.MirrorVersion},
	}
}

// validateExampleFiles runs terraform init and terraform validate on each
// file of ex on its own, as the documentation shows them: the provider
// examples are alternatives (one provider block each), not one module.
func validateExampleFiles(t *testing.T, ex example, mirror *acctest.Mirror) {
	t.Helper()
	tf := acctest.CLIPath()
	if tf == "" {
		t.Fatal("terraform is not on PATH")
	}
	for _, f := range ex.files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o600); err != nil {
			t.Fatal(err)
		}
		if len(acctest.ParseConfig(t, f, string(b)).Blocks("terraform")) == 0 {
			versions := "terraform {\n  required_providers {\n    xclade = {\n      source = \"xclade/xclade\"\n    }\n  }\n}\n"
			if err := os.WriteFile(filepath.Join(dir, "versions_test.tf"), []byte(versions), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		for _, args := range [][]string{{"init", "-backend=false", "-input=false", "-no-color"}, {"validate", "-no-color"}} {
			cmd := exec.Command(tf, args...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+mirror.CLIConfig, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("examples/%s/%s: terraform %s: %v\n%s", ex.rel, filepath.Base(f), args[0], err, out)
				break
			}
		}
	}
}

// exampleExtraSteps replaces the single apply of some examples with steps that
// also exercise what their documentation promises.
var exampleExtraSteps = map[string]func(t *testing.T, e *acctest.Env, cfg string) []tfresource.TestStep{
	// Rotating: bumping key_generation replaces the key with
	// create_before_destroy, and the old key keeps working for revoke_delay.
	"resources/xclade_api_key/rotation": func(t *testing.T, e *acctest.Env, cfg string) []tfresource.TestStep {
		const addr = "xclade_api_key.backend"
		ids := acctest.IDs{}
		return []tfresource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{ids.Capture(addr)},
			},
			{
				Config:          cfg,
				ConfigVariables: config.Variables{"key_generation": config.IntegerVariable(2)},
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreateBeforeDestroy),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					e.KeyOnServer(addr, func(state map[string]any, key *xclade.APIKey) error {
						if key.ID == ids[addr] {
							return fmt.Errorf("key was not replaced")
						}
						if key.RevokedAt != nil {
							return fmt.Errorf("the new key is revoked")
						}
						return nil
					}),
					exampleCheck(func(ctx context.Context) error {
						old, err := e.Client.GetAPIKey(ctx, ids[addr])
						if err != nil {
							return fmt.Errorf("old key %s: %w", ids[addr], err)
						}
						// revoke_delay = "1h": scheduled, not revoked yet.
						if old.RevokedAt == nil || old.RevokedAt.Before(e.Client.ServerNow().Add(50*time.Minute)) {
							return fmt.Errorf("old key %s: revoked_at %v, want about an hour from now", old.ID, old.RevokedAt)
						}
						return nil
					}),
				},
			},
		}
	},
}

type exampleCheck func(ctx context.Context) error

func (f exampleCheck) CheckState(ctx context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f(ctx)
}

// placeholderIDRE is a key id written in an example for the reader to
// replace (import blocks, lookups by id).
var placeholderIDRE = regexp.MustCompile(`^apk_[0-9A-Z]{26}$`)

// exampleFixtures creates, out of band, the keys an example expects to find
// in the reader's tenant, and returns the substitution from placeholder ids
// to real ids:
//   - for every placeholder id, a key: with the title and type of the
//     resource block an import block imports it into, else a publishable key;
//   - for every xclade_api_key data source that looks a key up by a literal
//     title, a publishable key with that title.
//
// The keys are revoked when the test ends.
func exampleFixtures(t *testing.T, e *acctest.Env, text string) *strings.Replacer {
	t.Helper()
	create := func(title, typ string) string { return e.CreateKey(t, title, typ).ID }
	cfg := acctest.ParseConfig(t, "example", text)
	var pairs []string
	for _, id := range cfg.Strings() {
		if !placeholderIDRE.MatchString(id) {
			continue
		}
		title, typ := "example placeholder", xclade.TypePublishable
		if r := importedInto(cfg, id); r != nil {
			title, _ = r.Literal("title")
			typ, _ = r.Literal("type")
		}
		pairs = append(pairs, id, create(title, typ))
	}
	for _, d := range cfg.Blocks("data", "xclade_api_key") {
		if title, ok := d.Literal("title"); ok && !d.Has("id") {
			create(title, xclade.TypePublishable)
		}
	}
	return strings.NewReplacer(pairs...)
}

// importedInto returns the xclade_api_key resource block that an import
// block naming id imports into, or nil.
func importedInto(cfg acctest.Config, id string) *acctest.Block {
	for _, imp := range cfg.Blocks("import") {
		if !slices.Contains(imp.Strings(), id) {
			continue
		}
		for _, name := range imp.Refs("xclade_api_key") {
			if rs := cfg.Blocks("resource", "xclade_api_key", name); len(rs) > 0 {
				return &rs[0]
			}
		}
	}
	return nil
}

func existingKeyIDs(t *testing.T, e *acctest.Env) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	for k, err := range e.Client.AllAPIKeys(acctest.Context(t), xclade.ListParams{}, 200) {
		if err != nil {
			t.Fatalf("listing keys: %v", err)
		}
		ids[k.ID] = true
	}
	return ids
}

// everyNewKeyRevoked asks the API about every key that did not exist before
// the example ran, including keys that never reached state (ephemeral keys):
// each must be gone, revoked, or scheduled for revocation. Against a shared
// real server only keys with a title the example spells out are considered.
func everyNewKeyRevoked(e *acctest.Env, before map[string]bool, titles []string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for k, err := range e.Client.AllAPIKeys(ctx, xclade.ListParams{}, 200) {
		if err != nil {
			return fmt.Errorf("listing keys: %w", err)
		}
		if before[k.ID] || (acctest.Real() && !slices.Contains(titles, k.Title)) {
			continue
		}
		if k.RevokedAt == nil {
			return fmt.Errorf("key %s (%q, %s) created by the example is still live after destroy", k.ID, k.Title, k.Type)
		}
	}
	return nil
}

// TestExamplesFormatted runs `terraform fmt -check -recursive` on examples/.
func TestExamplesFormatted(t *testing.T) {
	tf, err := exec.LookPath("terraform")
	if err != nil {
		if os.Getenv("TF_ACC") != "" {
			t.Fatal("terraform is not on PATH")
		}
		t.Skip("terraform is not on PATH")
	}
	root := exampleRoot(t)
	cmd := exec.Command(tf, "fmt", "-check", "-recursive", "-diff", "-no-color", root)
	// A missing CLI configuration file only makes terraform warn on stderr.
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("terraform fmt -check -recursive examples: %v\nrun `terraform fmt -recursive examples` to fix:\n%s%s", err, stdout.String(), stderr.String())
	}
}

// TestExamplesCoverEveryType requires a documentation example for every
// resource, data source and ephemeral resource the provider serves, in the
// place tfplugindocs looks for it, and no example for a type that does not
// exist (a renamed or removed type).
func TestExamplesCoverEveryType(t *testing.T) {
	ctx := context.Background()
	p := provider.New("test")()
	var meta fwprovider.MetadataResponse
	p.Metadata(ctx, fwprovider.MetadataRequest{}, &meta)

	want := map[string]bool{} // "resources/xclade_api_key/resource.tf", ...
	for _, f := range p.Resources(ctx) {
		var r resource.MetadataResponse
		f().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &r)
		want["resources/"+r.TypeName+"/resource.tf"] = true
	}
	for _, f := range p.DataSources(ctx) {
		var r datasource.MetadataResponse
		f().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: meta.TypeName}, &r)
		want["data-sources/"+r.TypeName+"/data-source.tf"] = true
	}
	if pe, ok := p.(fwprovider.ProviderWithEphemeralResources); ok {
		for _, f := range pe.EphemeralResources(ctx) {
			var r ephemeral.MetadataResponse
			f().Metadata(ctx, ephemeral.MetadataRequest{ProviderTypeName: meta.TypeName}, &r)
			want["ephemeral-resources/"+r.TypeName+"/ephemeral-resource.tf"] = true
		}
	}
	if pa, ok := p.(fwprovider.ProviderWithActions); ok {
		for _, f := range pa.Actions(ctx) {
			var r action.MetadataResponse
			f().Metadata(ctx, action.MetadataRequest{ProviderTypeName: meta.TypeName}, &r)
			want["actions/"+r.TypeName+"/action.tf"] = true
		}
	}
	if pl, ok := p.(fwprovider.ProviderWithListResources); ok {
		for _, f := range pl.ListResources(ctx) {
			var r resource.MetadataResponse
			f().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &r)
			want["list-resources/"+r.TypeName+"/list-resource.tfquery.hcl"] = true
		}
	}
	root := exampleRoot(t)
	for f := range want {
		if _, err := os.Stat(filepath.Join(root, f)); err != nil {
			t.Errorf("examples/%s is missing: every type needs an example for its documentation page", f)
		}
	}
	for _, kind := range []string{"resources", "data-sources", "ephemeral-resources", "actions", "list-resources"} {
		entries, err := os.ReadDir(filepath.Join(root, kind))
		if err != nil {
			continue
		}
		for _, d := range entries {
			if !d.IsDir() {
				continue
			}
			known := false
			for f := range want {
				if strings.HasPrefix(f, kind+"/"+d.Name()+"/") {
					known = true
				}
			}
			if !known {
				t.Errorf("examples/%s/%s documents a type the provider does not serve", kind, d.Name())
			}
		}
	}
}

// TestExamplesProviderArguments checks the arguments of every provider
// "xclade" block in the examples against the provider's schema: terraform
// validate does not look inside provider blocks, and the provider examples
// are never applied.
func TestExamplesProviderArguments(t *testing.T) {
	ctx := context.Background()
	var resp fwprovider.SchemaResponse
	provider.New("test")().Schema(ctx, fwprovider.SchemaRequest{}, &resp)
	known := map[string]bool{"alias": true} // Terraform's own meta-argument
	for name := range resp.Schema.Attributes {
		known[name] = true
	}
	blocks := 0
	for _, ex := range discoverExamples(t) {
		for _, f := range ex.files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range acctest.ParseConfig(t, f, string(b)).Blocks("provider", "xclade") {
				blocks++
				for _, arg := range p.Attributes() {
					if !known[arg] {
						t.Errorf("examples/%s/%s: provider \"xclade\" has no argument %q", ex.rel, filepath.Base(f), arg)
					}
				}
			}
		}
	}
	if blocks == 0 {
		t.Fatal("no provider \"xclade\" block found in the examples")
	}
}
