// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Command boltz-bench measures the Boltz provider with a real Terraform: a
// terraform apply, plan (refresh) and destroy of N boltz_api_key against
// the same commands on N of Terraform's built-in terraform_data, with the
// HTTP requests each command cost, counted by the in-process Boltz
// emulator. The provider is built from ./boltz and used through a
// dev_overrides CLI configuration (no registry, no terraform init).
// It writes its own section of the results file, between
// "<!-- boltz-bench: begin/end -->" markers, leaving the others as they are.
//
//	go run ./bench/cmd/boltz-bench -n 10,100,1000 -out bench/results.md
package main

import (
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xclade/terraform-provider-xclade/internal/boltzemulator"
	"github.com/xclade/terraform-provider-xclade/internal/boltzprovider"
)

const (
	sectionBegin = "<!-- boltz-bench: begin -->"
	sectionEnd   = "<!-- boltz-bench: end -->"
)

func main() {
	ns := flag.String("n", "10,100,1000", "comma-separated resource counts")
	out := flag.String("out", "", "results file whose boltz-bench section is replaced (e.g. bench/results.md)")
	flag.BoolVar(&imported, "import", false, "make the keys out of band and import them (import blocks), then measure only the refresh against the framework floor: no terraform_data, no destroy")
	flag.IntVar(&refreshRuns, "refresh-runs", 3, "runs of each refresh (plan), interleaved; the median counts")
	flag.Parse()
	if err := run(*ns, *out); err != nil {
		fmt.Fprintln(os.Stderr, "boltz-bench:", err)
		os.Exit(1)
	}
}

// refreshRuns is -refresh-runs; imported is -import.
var (
	refreshRuns = 3
	imported    bool
)

type row struct {
	n             int
	command       string
	floor, boltz  time.Duration
	fwFloor       time.Duration // refresh only: the framework floor with boltz_api_key's schema
	requests      int64
	requestRoutes string
}

func run(nList, out string) error {
	var counts []int
	for _, f := range strings.Split(nList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return fmt.Errorf("-n: %q is not a positive count", f)
		}
		counts = append(counts, n)
	}
	work, err := os.MkdirTemp("", "boltz-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	rc, err := setup(work)
	if err != nil {
		return err
	}
	floorRC, err := setupFloor(work)
	if err != nil {
		return err
	}
	started := time.Now()
	var rows []row
	for _, n := range counts {
		r, err := measureN(work, rc, floorRC, n)
		if err != nil {
			return fmt.Errorf("%d keys: %w", n, err)
		}
		rows = append(rows, r...)
	}
	section := report(rows, started, tfVersion(rc))
	fmt.Print(section)
	if out == "" {
		return nil
	}
	return replaceSection(out, section)
}

// setup builds the provider into a dev_overrides directory and writes the
// CLI configuration that points Terraform at it.
func setup(work string) (string, error) {
	override := filepath.Join(work, "override")
	if err := os.MkdirAll(override, 0o755); err != nil {
		return "", err
	}
	build := exec.Command("go", "build", "-o", filepath.Join(override, "terraform-provider-boltz"), "./boltz")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return "", fmt.Errorf("building the provider: %w", err)
	}
	rc := filepath.Join(work, "terraformrc")
	body := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", boltzprovider.Address, override)
	return rc, os.WriteFile(rc, []byte(body), 0o600)
}

// setupFloor builds bench/cmd/floor-provider with boltz_api_key's schema
// (an empty Read, served like the provider) into a dev_overrides directory
// of its own: a refresh with it is the framework's own cost.
func setupFloor(work string) (string, error) {
	override := filepath.Join(work, "floor-override")
	build := exec.Command("go", "build", "-ldflags", "-X main.name=boltz", "-o", filepath.Join(override, "terraform-provider-boltz"), "./bench/cmd/floor-provider")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return "", fmt.Errorf("building the floor provider: %w", err)
	}
	rc := filepath.Join(work, "floor-terraformrc")
	body := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", boltzprovider.Address, override)
	return rc, os.WriteFile(rc, []byte(body), 0o600)
}

// median is the middle of ds.
func median(ds []time.Duration) time.Duration {
	slices.Sort(ds)
	return ds[len(ds)/2]
}

// measureN runs apply, plan and destroy of n terraform_data, then of n
// boltz_api_key against a fresh emulator. The plan (a refresh) is run
// refreshRuns times, interleaved with the same plan on terraform_data and
// with the framework floor, and the median counts.
func measureN(work, rc, floorRC string, n int) ([]row, error) {
	emu := boltzemulator.New()
	srv := httptest.NewServer(emu) // 127.0.0.1 only
	defer srv.Close()
	admin := emu.CreateAdminKey("bench", false)
	env := []string{"BOLTZ_BASE_URL=" + srv.URL, "BOLTZ_API_KEY=" + admin.Secret}

	floorDir, keysDir := filepath.Join(work, fmt.Sprintf("floor-%d", n)), filepath.Join(work, fmt.Sprintf("keys-%d", n))
	if err := writeConfig(floorDir, fmt.Sprintf("resource \"terraform_data\" \"k\" {\n  count = %d\n  input = \"bench-${count.index}\"\n}\n", n)); err != nil {
		return nil, err
	}
	if err := writeConfig(keysDir, fmt.Sprintf("terraform {\n  required_providers {\n    boltz = { source = \"xclade/boltz\" }\n  }\n}\n\nprovider \"boltz\" {}\n\nresource \"boltz_api_key\" \"k\" {\n  count = %d\n  name  = \"bench-${count.index}\"\n  mode  = \"test\"\n}\n", n)); err != nil {
		return nil, err
	}
	if imported {
		var imports strings.Builder
		for i := range n {
			k, err := emu.CreateWorkspaceKey(boltzemulator.KeySpec{Name: fmt.Sprintf("bench-%d", i), Test: true})
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(&imports, "import {\n  to = boltz_api_key.k[%d]\n  id = %q\n}\n", i, k.ID)
		}
		if err := os.WriteFile(filepath.Join(keysDir, "imports.tf"), []byte(imports.String()), 0o600); err != nil {
			return nil, err
		}
		if _, err := terraform(keysDir, rc, env, "apply", "-auto-approve", "-input=false"); err != nil {
			return nil, err
		}
		if err := os.Remove(filepath.Join(keysDir, "imports.tf")); err != nil {
			return nil, err
		}
		r, err := refresh("", keysDir, rc, floorRC, env, n, emu)
		return []row{r}, err
	}
	if _, err := terraform(floorDir, rc, nil, "init", "-input=false"); err != nil {
		return nil, err
	}
	var rows []row
	for _, cmd := range [][]string{{"apply", "-auto-approve", "-input=false"}, {"plan", "-input=false"}, {"destroy", "-auto-approve", "-input=false"}} {
		if cmd[0] == "plan" {
			r, err := refresh(floorDir, keysDir, rc, floorRC, env, n, emu)
			if err != nil {
				return nil, err
			}
			rows = append(rows, r)
			continue
		}
		floor, err := terraform(floorDir, rc, nil, cmd...)
		if err != nil {
			return nil, err
		}
		emu.ResetRequestCounts()
		wall, err := terraform(keysDir, rc, env, cmd...)
		if err != nil {
			return nil, err
		}
		name := cmd[0]
		if name == "plan" {
			name = "refresh (plan)"
		}
		rows = append(rows, row{n: n, command: name, floor: floor, boltz: wall, requests: emu.RequestCount(), requestRoutes: routes(emu.RequestCounts())})
	}
	for _, k := range emu.Keys() {
		if k.KeyType == "workspace" && k.IsActive {
			return nil, fmt.Errorf("%s is still active after terraform destroy", k.ID)
		}
	}
	return rows, nil
}

// refresh measures the plan of n keys: terraform_data, boltz_api_key and
// the framework floor in turn, refreshRuns times; the medians count.
func refresh(floorDir, keysDir, rc, floorRC string, env []string, n int, emu *boltzemulator.Server) (row, error) {
	data, keys, fw := []time.Duration{0}, []time.Duration(nil), []time.Duration(nil)
	if floorDir != "" {
		data = nil
	}
	var requests int64
	var byRoute string
	for range max(1, refreshRuns) {
		var d time.Duration
		if floorDir != "" {
			var err error
			if d, err = terraform(floorDir, rc, nil, "plan", "-input=false"); err != nil {
				return row{}, err
			}
		}
		emu.ResetRequestCounts()
		k, err := terraform(keysDir, rc, env, "plan", "-input=false")
		if err != nil {
			return row{}, err
		}
		requests, byRoute = emu.RequestCount(), routes(emu.RequestCounts())
		f, err := terraform(keysDir, floorRC, env, "plan", "-input=false")
		if err != nil {
			return row{}, err
		}
		if floorDir != "" {
			data = append(data, d)
		}
		keys, fw = append(keys, k), append(fw, f)
	}
	return row{n: n, command: "refresh (plan)", floor: median(data), boltz: median(keys), fwFloor: median(fw),
		requests: requests, requestRoutes: byRoute}, nil
}

func writeConfig(dir, body string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(body), 0o600)
}

func terraform(dir, rc string, env []string, args ...string) (time.Duration, error) {
	cmd := exec.Command("terraform", append(args, "-no-color")...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1"), env...)
	began := time.Now()
	outp, err := cmd.CombinedOutput()
	if err != nil {
		lines := strings.Split(strings.TrimSpace(string(outp)), "\n")
		return 0, fmt.Errorf("terraform %s in %s: %w\n%s", strings.Join(args, " "), dir, err, strings.Join(lines[max(0, len(lines)-20):], "\n"))
	}
	return time.Since(began), nil
}

func tfVersion(rc string) string {
	cmd := exec.Command("terraform", "version")
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1")
	b, _ := cmd.Output()
	first, _, _ := strings.Cut(string(b), "\n")
	return strings.TrimPrefix(strings.TrimSpace(first), "Terraform ")
}

func routes(c map[string]int64) string {
	parts := make([]string, 0, len(c))
	for r, n := range c {
		parts = append(parts, fmt.Sprintf("%s ×%d", strings.Replace(r, "/compute/v1/admin/api-keys", "…/api-keys", 1), n))
	}
	slices.Sort(parts)
	return strings.Join(parts, ", ")
}

func report(rows []row, started time.Time, tf string) string {
	var w strings.Builder
	fmt.Fprintf(&w, "%s\n## Boltz: N boltz_api_key against terraform_data (make bench-boltz)\n\n", sectionBegin)
	fmt.Fprintf(&w, "Run %s (%s) on %s/%s, %d cores; Terraform %s, %s. From `make bench-boltz` (bench/cmd/boltz-bench, also run by "+
		"`make bench`): a real `terraform apply -auto-approve`, `terraform plan` (a refresh of all N) and `terraform destroy "+
		"-auto-approve` (revoke) of N `boltz_api_key` (`count = N`) through dev_overrides against the Boltz emulator in "+
		"process, each next to the same command on N of Terraform's built-in `terraform_data`; default -parallelism (10). "+
		"HTTP requests are the emulator's count for the command. Apply and destroy are run once; the refresh is run -refresh-runs "+
		"times, interleaved with terraform_data's and with the framework floor's (bench/cmd/floor-provider with boltz_api_key's "+
		"schema and identity, an empty Read, served like the provider), and the median counts: compare ratios, not seconds.\n\n",
		started.UTC().Format("2006-01-02 15:04 MST"), time.Since(started).Round(time.Second), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), tf, runtime.Version())
	w.WriteString("| N | command | terraform_data | boltz_api_key | ratio | framework floor | boltz / framework floor | HTTP requests | requests per key | by route |\n")
	w.WriteString("|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n")
	for _, r := range rows {
		fw, fwRatio := "–", "–"
		if r.fwFloor > 0 {
			fw, fwRatio = fmt.Sprintf("%.2f s", r.fwFloor.Seconds()), fmt.Sprintf("%.2f×", r.boltz.Seconds()/r.fwFloor.Seconds())
		}
		data, dataRatio := "–", "–"
		if r.floor > 0 {
			data, dataRatio = fmt.Sprintf("%.2f s", r.floor.Seconds()), fmt.Sprintf("%.2f×", r.boltz.Seconds()/r.floor.Seconds())
		}
		fmt.Fprintf(&w, "| %d | %s | %s | %.2f s | %s | %s | %s | %d | %.2f | %s |\n", r.n, r.command, data, r.boltz.Seconds(), dataRatio, fw, fwRatio, r.requests, float64(r.requests)/float64(r.n), r.requestRoutes)
	}
	w.WriteString("\nEvery command also makes the provider's credential check (one list request, limit=1) each time Terraform " +
		"configures it. A refresh reads all N keys through one shared listing (100 keys a request), not one listing per key.\n")
	w.WriteString(sectionEnd + "\n")
	return w.String()
}

// replaceSection puts section in place of the file's boltz-bench section,
// or at its end; the rest of the file is left as it is.
func replaceSection(path, section string) error {
	raw, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	s := string(raw)
	i, j := strings.Index(s, sectionBegin), strings.Index(s, sectionEnd)
	if i >= 0 && j > i {
		s = s[:i] + strings.TrimSuffix(section, "\n") + s[j+len(sectionEnd):]
	} else {
		s = strings.TrimRight(s, "\n") + "\n\n" + section
	}
	return os.WriteFile(path, []byte(s), 0o644)
}
