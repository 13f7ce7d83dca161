// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package acctest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// Some of what users run has no terraform-plugin-testing step: terraform
// query -generate-config-out, terraform apply -invoke, a Ctrl-C. Those
// tests run the CLI themselves, with the provider as users get it: a
// plugin binary that terraform init installs from a filesystem mirror and
// that reads its endpoint and credentials from the environment.

// MirrorVersion is the version the plugin binary is published under in
// the mirror.
const MirrorVersion = "0.0.1"

// Mirror is a provider binary in a filesystem mirror, and a CLI
// configuration file that installs the provider from it, so that
// terraform init works offline.
type Mirror struct {
	Dir       string
	CLIConfig string // for TF_CLI_CONFIG_FILE
	Source    string // e.g. registry.terraform.io/xclade/xclade
	users     int
}

var (
	mirrorsMu sync.Mutex
	mirrors   = map[string]*Mirror{}
)

// BuildMirror builds the provider called name (xclade or boltz), whose
// main package is mainPkg relative to the module root ("." or "./boltz"),
// into a filesystem mirror under the registry address xclade/<name>. Tests
// that overlap share one build; the mirror is removed when the last of
// them ends.
func BuildMirror(t testing.TB, name, mainPkg string) *Mirror {
	t.Helper()
	mirrorsMu.Lock()
	defer mirrorsMu.Unlock()
	key := name + " " + RegistryHost()
	m := mirrors[key]
	if m == nil {
		m = buildMirror(t, name, mainPkg)
		mirrors[key] = m
	}
	m.users++
	t.Cleanup(func() {
		mirrorsMu.Lock()
		defer mirrorsMu.Unlock()
		if m.users--; m.users == 0 {
			delete(mirrors, key)
			_ = os.RemoveAll(m.Dir)
		}
	})
	return m
}

func buildMirror(t testing.TB, name, mainPkg string) *Mirror {
	t.Helper()
	dir, err := os.MkdirTemp("", "xclade-mirror-"+name+"-")
	if err != nil {
		t.Fatal(err)
	}
	m := &Mirror{Dir: dir, CLIConfig: filepath.Join(dir, "terraformrc"), Source: RegistryHost() + "/xclade/" + name}
	plugin := filepath.Join(dir, RegistryHost(), "xclade", name, MirrorVersion, runtime.GOOS+"_"+runtime.GOARCH,
		"terraform-provider-"+name+"_v"+MirrorVersion)
	build := exec.Command("go", "build", "-o", plugin, mainPkg)
	build.Dir = moduleRoot(t)
	if out, err := build.CombinedOutput(); err != nil {
		_ = os.RemoveAll(dir)
		t.Fatalf("go build of the %s provider: %v\n%s", name, err, out)
	}
	rc := fmt.Sprintf(`provider_installation {
  filesystem_mirror {
    path    = %[1]q
    include = [%[2]q]
  }
  direct {
    exclude = [%[2]q]
  }
}
`, dir, m.Source)
	if err := os.WriteFile(m.CLIConfig, []byte(rc), 0o600); err != nil {
		t.Fatal(err)
	}
	return m
}

// moduleRoot is the repository root, found upwards from the test's
// directory (go test runs in the package's directory).
func moduleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test's directory")
		}
		dir = parent
	}
}

// Workdir is a Terraform working directory in which a test runs the CLI in
// use (CLIPath) with the provider from a Mirror.
type Workdir struct {
	t   testing.TB
	Dir string
	cli string
	env []string
}

// NewWorkdir creates an empty working directory. Of the variables whose
// names start with envPrefix (e.g. "XCLADE_"), its CLI runs see only those
// in vars: never the developer's own credentials.
func NewWorkdir(t testing.TB, m *Mirror, envPrefix string, vars map[string]string) *Workdir {
	t.Helper()
	cli := CLIPath()
	if cli == "" {
		t.Fatal("no terraform CLI: set TF_ACC_TERRAFORM_PATH or put terraform on PATH")
	}
	env := []string{}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(k, envPrefix) && !strings.HasPrefix(k, "TF_") {
			env = append(env, kv)
		}
	}
	env = append(env, "TF_CLI_CONFIG_FILE="+m.CLIConfig, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	for k, v := range vars {
		env = append(env, k+"="+v)
	}
	return &Workdir{t: t, Dir: t.TempDir(), cli: cli, env: env}
}

// Write writes a file of the configuration.
func (w *Workdir) Write(name, content string) {
	w.t.Helper()
	if err := os.WriteFile(filepath.Join(w.Dir, name), []byte(content), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

// Read is a file of the working directory.
func (w *Workdir) Read(name string) string {
	w.t.Helper()
	b, err := os.ReadFile(filepath.Join(w.Dir, name))
	if err != nil {
		w.t.Fatal(err)
	}
	return string(b)
}

// Command is the CLI with args (and -no-color) in the working directory,
// in a process group of its own.
func (w *Workdir) Command(args ...string) *exec.Cmd {
	cmd := exec.Command(w.cli, append(args, "-no-color")...)
	cmd.Dir, cmd.Env = w.Dir, w.env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	return cmd
}

// Run runs the CLI and returns its output and how it ended.
func (w *Workdir) Run(args ...string) (string, error) {
	out, err := w.Command(args...).CombinedOutput()
	return string(out), err
}

// MustRun runs the CLI and fails the test unless it succeeds.
func (w *Workdir) MustRun(args ...string) string {
	w.t.Helper()
	out, err := w.Run(args...)
	if err != nil {
		w.t.Fatalf("%s %s: %v\n%s", filepath.Base(w.cli), strings.Join(args, " "), err, out)
	}
	return out
}

// ExitCode is the CLI's exit status for err from Run (0 for nil).
func ExitCode(err error) int {
	if e, ok := err.(*exec.ExitError); ok {
		return e.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// RequiredProviders is a terraform block that requires name from m.
func (m *Mirror) RequiredProviders(name string) string {
	return fmt.Sprintf("terraform {\n  required_providers {\n    %s = {\n      source  = %q\n      version = %q\n    }\n  }\n}\n",
		name, m.Source, MirrorVersion)
}

// ActionConfig is the incident-response recipe's configuration: the
// provider called name from m with an empty provider block (its settings
// come from the environment) and one action of type typ, named leaked,
// for the key id.
func (m *Mirror) ActionConfig(name, typ, id string) string {
	return m.RequiredProviders(name) + fmt.Sprintf(`
provider %q {}

action %q "leaked" {
  config {
    id = %q
  }
}
`, name, typ, id)
}

// Invoke runs terraform apply -invoke=address, approved: the action alone.
func (w *Workdir) Invoke(address string) (string, error) {
	return w.Run("apply", "-invoke="+address, "-auto-approve", "-input=false")
}

// MustInvoke is Invoke that fails the test unless the action succeeded.
func (w *Workdir) MustInvoke(address string) string {
	w.t.Helper()
	return w.MustRun("apply", "-invoke="+address, "-auto-approve", "-input=false")
}
