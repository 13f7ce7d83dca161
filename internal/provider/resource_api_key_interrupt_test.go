// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

// Interrupts while a create is in flight: Terraform's StopProvider (what
// Ctrl-C sends), called through the provider's protocol server, and a real
// `terraform apply` sent SIGINT. Either way the key ends in state, or is
// proven the provider's own and removed, or is named in the error.

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
	"github.com/xclade/terraform-provider-xclade/internal/faultproxy"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

func TestStopProviderMidCreate(t *testing.T) {
	for _, typ := range []string{xclade.TypeSecret, xclade.TypePublishable} {
		t.Run(typ, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			e := acctest.New(t)
			proxy := e.Proxy(t)
			srv, schemas, err := acctest.ConfiguredServer(ctx, e.Factories()["xclade"])
			if err != nil {
				t.Fatal(err)
			}
			title := e.Title("stop")
			typT := schemas.ResourceSchemas["xclade_api_key"].ValueType().(tftypes.Object)
			config := mustDynamic(t, typT, acctest.NullObject(typT, map[string]tftypes.Value{
				"title": tftypes.NewValue(tftypes.String, title),
				"type":  tftypes.NewValue(tftypes.String, typ),
			}))
			null := mustDynamic(t, typT, tftypes.NewValue(typT, nil))
			plan, err := srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
				TypeName: "xclade_api_key", Config: config, ProposedNewState: config, PriorState: null,
			})
			if err != nil || acctest.DiagError(plan.Diagnostics) != nil {
				t.Fatalf("plan: %v %v", err, acctest.DiagError(plan.Diagnostics))
			}
			// The server applies the create, and Terraform is stopped before
			// its answer arrives.
			proxy.Add(faultproxy.Rule{Method: http.MethodPost, Path: "/admin/api-keys", Action: faultproxy.AnswerLate, Delay: 2 * time.Second,
				OnMatch: func(*http.Request) {
					if _, err := srv.StopProvider(ctx, &tfprotov6.StopProviderRequest{}); err != nil {
						t.Error(err)
					}
				}})
			applied, err := srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
				TypeName: "xclade_api_key", Config: config, PlannedState: plan.PlannedState, PriorState: null,
			})
			if err != nil {
				t.Fatal(err)
			}
			if proxy.Pending() != 0 {
				t.Fatal("the create was never interrupted")
			}
			state, err := applied.NewState.Unmarshal(typT)
			if err != nil {
				t.Fatal(err)
			}
			var inState string
			if !state.IsNull() {
				var attrs map[string]tftypes.Value
				_ = state.As(&attrs)
				_ = attrs["id"].As(&inState)
			}
			diagErr := acctest.DiagError(applied.Diagnostics)
			switch typ {
			case xclade.TypePublishable:
				// Its token is readable: the provider adopts it.
				if diagErr != nil || inState == "" {
					t.Fatalf("a publishable key created before the interrupt should end in state: state id %q, %v", inState, diagErr)
				}
			case xclade.TypeSecret:
				// Its token was lost with the answer: proven the provider's, it is removed.
				if diagErr == nil || !regexp.MustCompile(`interrupted.*revoked and deleted`).MatchString(diagErr.Error()) {
					t.Fatalf("want an error saying the interrupted create's key was revoked and deleted, got %v", diagErr)
				}
			}
			assertOnlyKeysIn(t, e, title, []string{inState}, fmt.Sprint(diagErr))
		})
	}
}

// assertOnlyKeysIn: every live key whose title starts with prefix is one of
// ids, or named in told.
func assertOnlyKeysIn(t *testing.T, e *acctest.Env, prefix string, ids []string, told string) {
	t.Helper()
	now := e.Client.ServerNow()
	for k, err := range e.Client.AllAPIKeys(acctest.Context(t), xclade.ListParams{Q: prefix}, 100) {
		if err != nil {
			t.Fatal(err)
		}
		if k.RevokedBefore(now) || !strings.HasPrefix(k.Title, prefix) {
			continue
		}
		known := strings.Contains(told, k.ID)
		for _, id := range ids {
			known = known || id == k.ID
		}
		if !known {
			t.Errorf("left live, in no state and named nowhere: %s titled %q", k.ID, k.Title)
		}
	}
}

// A user presses Ctrl-C while terraform apply creates keys: the provider is
// a plugin binary, as for users, and the whole process group gets SIGINT,
// as from a terminal.
func TestTerraformApplyInterrupted(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("terraform is not on PATH")
	}
	e := acctest.New(t)
	proxy := e.Proxy(t)
	dir := t.TempDir()
	mirror := acctest.BuildMirror(t, "xclade", ".")
	work := filepath.Join(dir, "work")
	prefix := e.Title("sigint")
	cfg := fmt.Sprintf(`terraform {
  required_providers {
    xclade = { source = "xclade/xclade" }
  }
}

provider "xclade" {}

resource "xclade_api_key" "secret" {
  title = "%[1]s-secret"
  type  = "secret"
}

resource "xclade_api_key" "publishable" {
  title = "%[1]s-publishable"
  type  = "publishable"
}
`, prefix)
	if err := os.MkdirAll(work, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+mirror.CLIConfig, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "XCLADE_") {
			env = append(env, k+"=") // never the developer's own
		}
	}
	for k, v := range e.Vars() {
		env = append(env, k+"="+v)
	}
	terraform := func(args ...string) *exec.Cmd {
		cmd := exec.Command(tf, append(args, "-no-color")...)
		cmd.Dir, cmd.Env = work, env
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		return cmd
	}
	if out, err := terraform("init", "-input=false").CombinedOutput(); err != nil {
		t.Fatalf("terraform init: %v\n%s", err, out)
	}

	apply := terraform("apply", "-auto-approve", "-input=false")
	var out strings.Builder
	apply.Stdout, apply.Stderr = &out, &out
	var once sync.Once
	proxy.Add(faultproxy.Rule{Method: http.MethodPost, Path: "/admin/api-keys", Times: 2, Action: faultproxy.AnswerLate, Delay: 3 * time.Second,
		OnMatch: func(*http.Request) {
			once.Do(func() {
				// Ctrl-C in a terminal: the whole foreground process group.
				if err := syscall.Kill(-apply.Process.Pid, syscall.SIGINT); err != nil {
					t.Error(err)
				}
			})
		}})
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- apply.Wait() }()
	select {
	case err = <-done:
	case <-time.After(3 * time.Minute):
		_ = syscall.Kill(-apply.Process.Pid, syscall.SIGKILL)
		t.Fatalf("terraform apply did not stop within 3 minutes of Ctrl-C:\n%s", out.String())
	}
	if proxy.Pending() == 2 {
		t.Fatalf("no create was in flight when Ctrl-C came (%v):\n%s", err, out.String())
	}
	t.Logf("terraform apply after Ctrl-C (%v):\n%s", err, out.String())

	show, serr := terraform("state", "list").CombinedOutput()
	if serr != nil && !strings.Contains(string(show), "No state file") {
		t.Fatalf("terraform state list: %v\n%s", serr, show)
	}
	var ids []string
	for _, addr := range strings.Fields(string(show)) {
		attrs, err := terraform("state", "show", addr).CombinedOutput()
		if err != nil {
			t.Fatalf("terraform state show %s: %v\n%s", addr, err, attrs)
		}
		if m := regexp.MustCompile(`(?m)^\s*id\s*=\s*"(apk_[0-9A-Z]+)"`).FindSubmatch(attrs); m != nil {
			ids = append(ids, string(m[1]))
		}
	}
	assertOnlyKeysIn(t, e, prefix, ids, out.String())

	// What is in state is managed: destroy leaves nothing live.
	if out, err := terraform("destroy", "-auto-approve", "-input=false").CombinedOutput(); err != nil {
		t.Fatalf("terraform destroy: %v\n%s", err, out)
	}
	assertOnlyKeysIn(t, e, prefix, nil, "")
}

// The ephemeral resource's safety net is set even when Terraform is stopped
// while the key is being created: a key with a ttl never outlives it.
func TestStopProviderMidEphemeralOpen(t *testing.T) {
	ctx := context.Background()
	e := acctest.New(t)
	proxy := e.Proxy(t)
	srv, schemas, err := acctest.ConfiguredServer(ctx, e.Factories()["xclade"])
	if err != nil {
		t.Fatal(err)
	}
	title := e.Title("ephemeral")
	typT := schemas.EphemeralResourceSchemas["xclade_api_key"].ValueType().(tftypes.Object)
	config := mustDynamic(t, typT, acctest.NullObject(typT, map[string]tftypes.Value{
		"title": tftypes.NewValue(tftypes.String, title),
		"ttl":   tftypes.NewValue(tftypes.String, "1h"),
	}))
	// Stopped once the key exists, while it is being named.
	proxy.Add(faultproxy.Rule{Method: http.MethodPost, Path: "/admin/api-keys/{id}", Action: faultproxy.AnswerLate, Delay: 500 * time.Millisecond,
		OnMatch: func(*http.Request) {
			if _, err := srv.StopProvider(ctx, &tfprotov6.StopProviderRequest{}); err != nil {
				t.Error(err)
			}
		}})
	opened, err := srv.OpenEphemeralResource(ctx, &tfprotov6.OpenEphemeralResourceRequest{TypeName: "xclade_api_key", Config: config})
	if err != nil {
		t.Fatal(err)
	}
	if proxy.Pending() != 0 {
		t.Fatal("the open was never interrupted")
	}
	t.Logf("open after StopProvider: %v", acctest.DiagError(opened.Diagnostics))
	now := e.Client.ServerNow()
	found := 0
	for k, err := range e.Client.AllAPIKeys(acctest.Context(t), xclade.ListParams{Q: title}, 100) {
		if err != nil {
			t.Fatal(err)
		}
		found++
		if k.RevokedAt == nil || k.RevokedAt.After(now.Add(time.Hour+time.Minute)) {
			t.Errorf("%s titled %q has no revocation within its ttl (revoked_at %v): it would outlive the run", k.ID, k.Title, k.RevokedAt)
		}
	}
	if found != 1 {
		t.Errorf("%d keys made by one open, want 1", found)
	}
}
