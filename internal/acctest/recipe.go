// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package acctest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// InvokeRecipe is the incident-response recipe of a <provider>_revoke_api_key
// action as users run it (Terraform 1.14+): the provider a plugin binary,
// a configuration with nothing but the action, terraform apply -invoke.
type InvokeRecipe struct {
	Provider  string // "xclade" or "boltz"
	MainPkg   string // the provider's main package, from the module root
	EnvPrefix string // the provider's environment, e.g. "XCLADE_"
	Vars      map[string]string
	// Target is a live key's id, Unknown an id the API does not know.
	Target, Unknown string
	// Revoking starts the progress message the revocation begins with.
	Revoking string
	// Revoked asks the server whether Target is revoked and nothing else
	// was touched.
	Revoked func() error
}

// Run invokes the action on Target (progress names it, the server shows it
// revoked, state does not hold it), again (success, "already revoked"),
// and on Unknown (a failure naming the id), checking Revoked after each.
func (r InvokeRecipe) Run(t *testing.T) {
	t.Helper()
	typ := r.Provider + "_revoke_api_key"
	leaked := "action." + typ + ".leaked"
	m := BuildMirror(t, r.Provider, r.MainPkg)
	w := NewWorkdir(t, m, r.EnvPrefix, r.Vars)
	w.Write("main.tf", m.ActionConfig(r.Provider, typ, r.Target))
	w.MustRun("init", "-input=false")

	out := w.MustInvoke(leaked)
	t.Logf("terraform apply -invoke:\n%s", out)
	for _, want := range []string{r.Revoking, "is revoked"} {
		if !strings.Contains(out, want) {
			t.Errorf("the invoke's output lacks the progress message %q:\n%s", want, out)
		}
	}
	if err := r.Revoked(); err != nil {
		t.Fatalf("after terraform apply -invoke: %v", err)
	}
	if st, _ := os.ReadFile(filepath.Join(w.Dir, "terraform.tfstate")); strings.Contains(string(st), r.Target) {
		t.Errorf("the invoke wrote the key into state")
	}

	if out := w.MustInvoke(leaked); !strings.Contains(out, "already revoked") {
		t.Errorf("a second invoke should say the key is already revoked:\n%s", out)
	}

	w.Write("main.tf", m.ActionConfig(r.Provider, typ, r.Unknown))
	if out, err := w.Invoke(leaked); err == nil || !strings.Contains(out, "API key "+r.Unknown) {
		t.Errorf("an unknown id: want a failing invoke naming the id, got %v:\n%s", err, out)
	}
	if err := r.Revoked(); err != nil {
		t.Error(err)
	}
}

// ActionTrigger is a configuration in which Terraform runs the action of
// type typ (config holds its config block's lines) when it creates the
// terraform_data called trigger: each step with a new trigger name runs
// the action once, inside terraform-plugin-testing's apply.
func ActionTrigger(typ, trigger, config string) string {
	return fmt.Sprintf(`
action %[1]q "leaked" {
  config {
%[3]s
  }
}

resource "terraform_data" %[2]q {
  input = "revoke"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.%[1]s.leaked]
    }
  }
}
`, typ, trigger, config)
}
