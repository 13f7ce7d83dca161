// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Command xclade-bench measures the provider with a real Terraform against
// the in-process emulator, and writes bench/results.md.
//
// For each N it runs terraform apply, plan (a refresh) and destroy of N
// xclade_api_key resources, and of N terraform_data resources (built into
// Terraform, no provider process: the floor), and reports the wall time of
// each as a ratio to the floor, the HTTP requests the emulator served, and
// the provider's CPU time and peak memory. The refresh is measured twice:
// with the provider as built (coalesced reads) and with a provider built
// with coalescing off (one GET per read), for the before/after comparison,
// and with two providers that serve the same schema and do nothing else
// (bench/cmd/floor-provider), to show what Terraform and the plugin
// framework cost before the provider does any work.
// Then it reads the xclade_api_keys data source over 10,000 keys with
// several page sizes.
//
// Provider CPU and memory: Terraform starts the provider named in the
// dev_overrides directory, which is a link to this very program. Started
// under that name, it runs the real provider binary as its child, passing
// stdio straight through, and when the child exits writes the child's
// rusage (user+system CPU, ru_maxrss: the peak resident set) to a file. One
// Terraform command may start the provider several times (validate, plan,
// apply walks): CPU times are summed and the peak is the largest.
//
//	go run ./bench/cmd/xclade-bench -n 10,100,1000 -out bench/results.md -readme README.md
package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const (
	providerName = "terraform-provider-xclade"
	envReal      = "XCLADE_BENCH_PROVIDER"
	envRusage    = "XCLADE_BENCH_RUSAGE_DIR"
	modulePath   = "github.com/xclade/terraform-provider-xclade"
)

func main() {
	if filepath.Base(os.Args[0]) == providerName {
		os.Exit(wrapProvider())
	}
	log.SetFlags(0)
	log.SetPrefix("xclade-bench: ")
	var o options
	flag.StringVar(&o.sizes, "n", "10,100,1000", "comma-separated numbers of resources created by terraform apply (\"\" for none)")
	flag.StringVar(&o.importSizes, "import-n", "", "comma-separated numbers of resources whose keys are made in bulk without Terraform and imported (import blocks), then refreshed and destroyed")
	flag.StringVar(&o.latencies, "latency", "0", "emulator: comma-separated latencies of every request, each FIXED or FIXED+JITTER (e.g. 30ms+50ms: 30 to 80 ms); every N is measured with each")
	flag.StringVar(&o.section, "section", "Emulator", "the section of -out (\"## <section>\") that the results replace; other sections are kept")
	flag.StringVar(&o.server, "server", "emulator", "emulator, or medusa: a proxy that counts requests in front of the server in XCLADE_TEST_BASE_URL / XCLADE_TEST_API_KEY")
	flag.IntVar(&o.dataFloorMax, "data-floor-max", 3000, "the largest N also measured on terraform_data (its apply grows faster than N: 3,000 take minutes, 10,000 most of an hour); \"–\" above it")
	flag.IntVar(&o.keys, "keys", 10000, "keys in the tenant for the data source read")
	flag.StringVar(&o.pageSizes, "page-sizes", "100,250,500,1000", "page sizes to try for the data source read")
	flag.StringVar(&o.windows, "windows", "", "also measure batch-only refreshes of the largest N with these windows (e.g. 500us,2ms,5ms)")
	flag.StringVar(&o.out, "out", "bench/results.md", "markdown results file")
	flag.StringVar(&o.readme, "readme", "", "README whose \"## Benchmarks\" section (at the end) is replaced with the results")
	flag.BoolVar(&o.keep, "keep", false, "keep the work directory")
	flag.DurationVar(&o.timeout, "timeout", 8*time.Minute, "limit for one terraform command")
	flag.DurationVar(&o.dsTimeout, "datasource-timeout", 30*time.Second, "limit for the terraform plan that reads the data source")
	flag.IntVar(&o.refreshRuns, "refresh-runs", 3, "runs of each refresh (plan), interleaved; the median counts")
	flag.IntVar(&o.dsRuns, "datasource-runs", 1, "in-process reads of the data source per page size (the fastest counts)")
	flag.StringVar(&o.devices, "devices", "", "measure only the refresh of each -import-n with each of these speed devices off, against the provider as built (conversion,sdklogs,gogc,releasectx,snapshot, a+b for both, or none: the provider against its floor only; see bench/cmd/bench-provider), into the \"Speed devices\" section")
	flag.Parse()
	if err := run(o); err != nil {
		log.Fatal(err)
	}
}

type options struct {
	sizes, importSizes, server string
	latencies, section         string
	devices                    string
	latency, jitter            time.Duration // the setting being measured
	pageSizes, windows         string
	keys, dsRuns, refreshRuns  int
	dataFloorMax               int
	out, readme                string
	keep                       bool
	timeout, dsTimeout         time.Duration
}

// ---------- the provider wrapper ----------

type usage struct {
	CPU     time.Duration `json:"cpu"`
	MaxRSSK int64         `json:"maxrss_kib"`
}

// wrapProvider runs the real provider as a child and records its rusage.
func wrapProvider() int {
	cmd := exec.Command(os.Getenv(envReal), os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "xclade-bench wrapper:", err)
		return 1
	}
	go func() {
		for s := range sigs {
			_ = cmd.Process.Signal(s)
		}
	}()
	_ = cmd.Wait()
	st := cmd.ProcessState
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok && os.Getenv(envRusage) != "" {
		u := usage{CPU: st.UserTime() + st.SystemTime(), MaxRSSK: ru.Maxrss}
		b, _ := json.Marshal(u)
		_ = os.WriteFile(filepath.Join(os.Getenv(envRusage), fmt.Sprintf("provider-%d.json", cmd.Process.Pid)), b, 0o600)
	}
	if st.ExitCode() < 0 {
		return 1
	}
	return st.ExitCode()
}

// ---------- the harness ----------

type bench struct {
	o          options
	root       string // module root
	work       string
	rc         string              // terraform CLI config
	binaries   map[string]string   // variant -> real provider binary
	variantEnv map[string][]string // variant -> its provider's environment
	rusage     string
	tfVer      string
	// save writes the tables measured so far, with why they are partial.
	save func(partial string) error
}

// measurement is one terraform command.
type measurement struct {
	wall     time.Duration
	requests int64
	counts   map[string]int64
	cpu      time.Duration // provider, summed over its processes
	peakKiB  int64
	procs    int
	apiSpan  time.Duration // first request start to last response end
}

func run(o options) error {
	if _, err := exec.LookPath("terraform"); err != nil {
		return errors.New("terraform is not on PATH")
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "xclade-bench-")
	if err != nil {
		return err
	}
	if o.keep {
		log.Printf("work directory: %s", work)
	} else {
		defer os.RemoveAll(work)
	}
	b := &bench{o: o, root: root, work: work, binaries: map[string]string{}, rusage: filepath.Join(work, "rusage")}
	if err := b.setup(); err != nil {
		return err
	}
	r := &report{started: time.Now(), tfVersion: b.tfVer, load: loadavg()}
	sizes, err := ints(o.sizes)
	if err != nil {
		return err
	}
	importSizes, err := ints(o.importSizes)
	if err != nil {
		return err
	}
	lats, err := latencies(o.latencies)
	if err != nil {
		return err
	}
	if o.server == "medusa" {
		lats = lats[:1] // the server's own
	}
	if !filepath.IsAbs(o.out) {
		o.out = filepath.Join(root, o.out)
	}
	// Each N is written as soon as it is measured, so that a run stopped
	// later (a time limit, a machine needed for other work) keeps it.
	save := func(partial string) error {
		r.finished, r.partial = time.Now(), partial
		return updateSection(o.out, o.section, r.tables())
	}
	b.save = save
	if o.devices != "" {
		b.o.out = o.out
		b.o.latency, b.o.jitter = lats[0][0], lats[0][1]
		return b.devices(importSizes)
	}
	measure := func(n int, imported bool) error {
		if err := b.resources(n, r, imported); err != nil {
			if len(r.resources) > 0 {
				_ = save(fmt.Sprintf("stopped at N = %d (%v)", n, err))
			}
			return err
		}
		return save(fmt.Sprintf("written after N = %d; the run went on", n))
	}
	for _, l := range lats {
		b.o.latency, b.o.jitter = l[0], l[1]
		for _, n := range sizes {
			if err := measure(n, false); err != nil {
				return err
			}
		}
		for _, n := range importSizes {
			if err := measure(n, true); err != nil {
				return err
			}
		}
	}
	b.o.latency, b.o.jitter = 0, 0
	if o.windows != "" && len(sizes) > 0 {
		if err := b.windowSweep(sizes[len(sizes)-1], r); err != nil {
			return err
		}
	}
	if o.keys > 0 {
		if err := b.dataSource(r); err != nil {
			return err
		}
	}
	if err := save(""); err != nil {
		return err
	}
	md := r.tables()
	log.Printf("wrote %s", o.out)
	if o.readme != "" {
		if !filepath.IsAbs(o.readme) {
			o.readme = filepath.Join(root, o.readme)
		}
		if err := updateReadme(o.readme, r.readmeSection()); err != nil {
			return err
		}
		log.Printf("updated the Benchmarks section of %s", o.readme)
	}
	fmt.Print(md)
	return nil
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}").Output()
	if err != nil {
		return "", fmt.Errorf("go list -m: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// setup builds the provider twice (as is, and with coalescing off), links
// this program into the dev_overrides directory, and writes the CLI config.
func (b *bench) setup() error {
	// "after" is the provider as shipped; the others are bench-provider, the
	// same provider with its read coalescing set from the environment.
	b.variantEnv = map[string][]string{"before": {"XCLADE_BENCH_COALESCING=off"}}
	for variant, pkg := range map[string]string{"after": ".", "before": "./bench/cmd/bench-provider"} {
		bin := filepath.Join(b.work, "bin", variant, providerName)
		log.Printf("building the provider (%s)", variant)
		cmd := exec.Command("go", "build", "-o", bin, pkg)
		cmd.Dir, cmd.Stderr = b.root, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build: %w", err)
		}
		b.binaries[variant] = bin
	}
	for _, f := range floorProviders {
		bin := filepath.Join(b.work, "bin", f.variant, providerName)
		log.Printf("building the %s", f.label)
		cmd := exec.Command("go", "build", "-ldflags", "-X main.mode="+f.mode, "-o", bin, "./bench/cmd/floor-provider")
		cmd.Dir, cmd.Stderr = b.root, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build: %w", err)
		}
		b.binaries[f.variant] = bin
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	override := filepath.Join(b.work, "override")
	for _, d := range []string{override, b.rusage} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	if err := os.Symlink(self, filepath.Join(override, providerName)); err != nil {
		return err
	}
	b.rc = filepath.Join(b.work, "terraformrc")
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"registry.terraform.io/xclade/xclade\" = %q\n  }\n  direct {}\n}\n", override)
	if err := os.WriteFile(b.rc, []byte(rc), 0o644); err != nil {
		return err
	}
	out, err := exec.Command("terraform", "version", "-json").Output()
	if err != nil {
		return fmt.Errorf("terraform version: %w", err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	_ = json.Unmarshal(out, &v)
	b.tfVer = v.Version
	return nil
}

// terraform runs one command in dir and measures it.
func (b *bench) terraform(dir string, e *emu, variant string, args ...string) (measurement, error) {
	return b.terraformWithin(b.o.timeout, dir, e, variant, args...)
}

// floorProviders serve the xclade_api_key schema and do nothing
// else (bench/cmd/floor-provider): a refresh with them is what Terraform
// and the plugin framework cost before the provider does any work.
var floorProviders = []struct{ variant, mode, label, what string }{
	{"protocol-floor", "protocol", "protocol floor", "terraform-plugin-go, answers each call at once"},
	{"framework-floor", "framework", "framework floor", "terraform-plugin-framework, empty Read, served like the provider"},
}

// errTimeout is returned when a terraform command ran out of time.
var errTimeout = errors.New("terraform did not finish in time")

func (b *bench) terraformWithin(limit time.Duration, dir string, e *emu, variant string, args ...string) (measurement, error) {
	var m measurement
	entries, _ := os.ReadDir(b.rusage)
	for _, f := range entries {
		_ = os.Remove(filepath.Join(b.rusage, f.Name()))
	}
	if e != nil {
		e.reset()
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	args = append(args, "-input=false", "-no-color")
	cmd := exec.CommandContext(ctx, "terraform", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+b.rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		envReal+"="+b.binaries[variant], envRusage+"="+b.rusage)
	cmd.Env = append(cmd.Env, b.variantEnv[variant]...)
	if e != nil {
		cmd.Env = append(cmd.Env, "XCLADE_BASE_URL="+e.url, "XCLADE_API_KEY="+e.key)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	m.wall = time.Since(start)
	logFile := filepath.Join(dir, "terraform-"+args[0]+".log")
	_ = os.WriteFile(logFile, out.Bytes(), 0o644)
	if err != nil && ctx.Err() != nil {
		return m, errTimeout
	}
	if err != nil {
		return m, fmt.Errorf("terraform %s in %s: %w\n%s", strings.Join(args, " "), dir, err, tail(out.String(), 40))
	}
	if e != nil {
		m.requests, m.counts, m.apiSpan = e.RequestCount(), e.RequestCounts(), e.span()
	}
	entries, _ = os.ReadDir(b.rusage)
	for _, f := range entries {
		raw, err := os.ReadFile(filepath.Join(b.rusage, f.Name()))
		if err != nil {
			continue
		}
		var u usage
		if json.Unmarshal(raw, &u) == nil {
			m.cpu += u.CPU
			m.peakKiB = max(m.peakKiB, u.MaxRSSK)
			m.procs++
		}
	}
	return m, nil
}

func tail(s string, lines int) string {
	l := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(l) > lines {
		l = l[len(l)-lines:]
	}
	return strings.Join(l, "\n")
}

const xcladeConfig = `terraform {
  required_providers {
    xclade = { source = "xclade/xclade" }
  }
}

provider "xclade" {}

resource "xclade_api_key" "k" {
  count = %d
  title = "bench-${count.index}"
  type  = count.index %% 2 == 0 ? "secret" : "publishable"
}
`

const floorConfig = `resource "terraform_data" "k" {
  count = %d
  input = { title = "bench-${count.index}", type = count.index %% 2 == 0 ? "secret" : "publishable" }
}
`

type resourceRow struct {
	setting string
	n       int
	mode    string // "create" or "import": how the N keys came to be
	command string
	floor   measurement
	xclade  measurement
}

type refreshRow struct {
	setting       string
	n             int
	mode          string
	tenantKeys    int // keys on the tenant: a snapshot pages through them all
	before, after measurement
	floors        []measurement // in the order of floorProviders
}

func (b *bench) writeConfig(name, config string) (string, error) {
	dir := filepath.Join(b.work, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return dir, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o644)
}

// startServer is the server of one N: a fresh emulator, or the proxy to the
// real server.
func (b *bench) startServer() (*emu, error) {
	if b.o.server == "medusa" {
		return startMedusa()
	}
	return startEmulator(b.o.latency, b.o.jitter)
}

// importBlocks imports ids[i] into xclade_api_key.k[i]. They are removed
// once imported, so that the refresh measured is that of a plain
// configuration.
func importBlocks(ids []string) string {
	var w strings.Builder
	for i, id := range ids {
		fmt.Fprintf(&w, "import {\n  to = xclade_api_key.k[%d]\n  id = %q\n}\n", i, id)
	}
	return w.String()
}

// resources measures apply, refresh and destroy of n keys against n
// terraform_data, and the refresh before and after coalescing. With
// imported, the keys are made in bulk without Terraform and the apply
// imports them: at large N, creating them with Terraform would take most of
// the run, and its cost is known (two requests a key, create.go).
func (b *bench) resources(n int, r *report, imported bool) error {
	ctx := context.Background()
	e, err := b.startServer()
	if err != nil {
		return err
	}
	defer e.close()
	mode := "create"
	if imported {
		mode = "import"
	}
	xdir, err := b.writeConfig(fmt.Sprintf("xclade-%s-%d", mode, n), fmt.Sprintf(xcladeConfig, n))
	if err != nil {
		return err
	}
	fdir, err := b.writeConfig(fmt.Sprintf("floor-%s-%d", mode, n), fmt.Sprintf(floorConfig, n))
	if err != nil {
		return err
	}
	var ids []string
	if imported {
		log.Printf("N=%d: making %d keys without Terraform", n, n)
		if ids, err = e.bulkCreate(ctx, n); err != nil {
			return fmt.Errorf("making keys: %w", err)
		}
		defer func() {
			if err := e.cleanUp(ctx, ids); err != nil {
				log.Printf("cleaning up the keys: %v", err)
			}
		}()
		if err := os.WriteFile(filepath.Join(xdir, "imports.tf"), []byte(importBlocks(ids)), 0o644); err != nil {
			return err
		}
	}
	step := func(dir string, e *emu, variant string, args ...string) (measurement, error) {
		log.Printf("N=%d: %s terraform %s", n, filepath.Base(dir), strings.Join(args, " "))
		m, err := b.terraform(dir, e, variant, args...)
		if err == nil {
			log.Printf("      %.2fs, %d requests, provider %d processes, CPU %.2fs, peak %.1f MiB",
				m.wall.Seconds(), m.requests, m.procs, m.cpu.Seconds(), float64(m.peakKiB)/1024)
		}
		return m, err
	}
	applyName := "apply"
	if imported {
		applyName = "apply (import)"
	}
	rows := map[string]*resourceRow{}
	order := []string{applyName, "refresh (plan)", "destroy"}
	for _, c := range order {
		rows[c] = &resourceRow{setting: b.setting(), n: n, mode: mode, command: c}
	}
	rr := refreshRow{setting: b.setting(), n: n, mode: mode}
	// The floor first, then ours, command by command, so that both see the
	// same machine load as far as possible.
	data := n <= b.o.dataFloorMax // terraform_data next to ours
	if data {
		if rows[applyName].floor, err = step(fdir, nil, "after", "apply", "-auto-approve"); err != nil {
			return err
		}
	}
	if rows[applyName].xclade, err = step(xdir, e, "after", "apply", "-auto-approve"); err != nil {
		return err
	}
	if imported {
		if err := os.Remove(filepath.Join(xdir, "imports.tf")); err != nil {
			return err
		}
	}
	if rr.tenantKeys, err = e.tenantKeys(ctx); err != nil {
		return err
	}
	// Refreshes change nothing, so each is run refreshRuns times, in
	// interleaved rounds so that all see the same load, and the median
	// counts.
	type refresh struct {
		dir     string
		e       *emu
		variant string
		into    *measurement
	}
	refreshes := []refresh{
		{xdir, e, "after", &rr.after},
		{xdir, e, "before", &rr.before},
	}
	if data {
		refreshes = append(refreshes, refresh{fdir, nil, "after", &rows["refresh (plan)"].floor})
	}
	rr.floors = make([]measurement, len(floorProviders))
	for i, f := range floorProviders {
		refreshes = append(refreshes, refresh{xdir, e, f.variant, &rr.floors[i]})
	}
	runs := make([][]measurement, len(refreshes))
	for range max(1, b.o.refreshRuns) {
		for i, rf := range refreshes {
			m, err := step(rf.dir, rf.e, rf.variant, "plan", "-detailed-exitcode")
			if err != nil {
				return err
			}
			runs[i] = append(runs[i], m)
		}
	}
	for i, rf := range refreshes {
		*rf.into = median(runs[i])
	}
	rows["refresh (plan)"].xclade = rr.after
	// The apply and the refreshes are kept before the destroy starts: a
	// destroy of 10,000 keys is the longest command of a run.
	r.resources = append(r.resources, *rows[applyName], *rows["refresh (plan)"])
	r.refresh = append(r.refresh, rr)
	if b.save != nil {
		_ = b.save(fmt.Sprintf("N = %d measured up to its refresh; its destroy was running", n))
	}
	if data {
		if rows["destroy"].floor, err = step(fdir, nil, "after", "destroy", "-auto-approve"); err != nil {
			return err
		}
	}
	if rows["destroy"].xclade, err = step(xdir, e, "after", "destroy", "-auto-approve"); err != nil {
		return err
	}
	r.resources = append(r.resources, *rows["destroy"])
	return nil
}

// setting names the server and its latency, for the report.
func (b *bench) setting() string {
	switch {
	case b.o.server == "medusa":
		return "real Medusa 2.21.2 (counting proxy)"
	case b.o.latency > 0 || b.o.jitter > 0:
		return fmt.Sprintf("emulator, latency %s–%s a request", b.o.latency, b.o.latency+b.o.jitter)
	}
	return "emulator, no latency"
}

// median is the run with the median wall time.
func median(ms []measurement) measurement {
	sorted := slices.Clone(ms)
	slices.SortFunc(sorted, func(a, b measurement) int { return cmp.Compare(a.wall, b.wall) })
	return sorted[len(sorted)/2]
}

// windowSweep refreshes n keys with batching only (no snapshots) for each
// batch window, to show what the window buys.
func (b *bench) windowSweep(n int, r *report) error {
	e, err := startEmulator(b.o.latency, b.o.jitter)
	if err != nil {
		return err
	}
	defer e.close()
	dir, err := b.writeConfig(fmt.Sprintf("sweep-%d", n), fmt.Sprintf(xcladeConfig, n))
	if err != nil {
		return err
	}
	if _, err := b.terraform(dir, e, "after", "apply", "-auto-approve"); err != nil {
		return err
	}
	for _, w := range strings.Split(b.o.windows, ",") {
		w = strings.TrimSpace(w)
		if _, err := time.ParseDuration(w); err != nil {
			return fmt.Errorf("-windows: %w", err)
		}
		variant := "batch-only-" + w
		b.binaries[variant] = b.binaries["before"]
		b.variantEnv[variant] = []string{"XCLADE_BENCH_COALESCING=batch-only", "XCLADE_BENCH_BATCH_WINDOW=" + w}
		log.Printf("N=%d: batch-only refresh, window %s", n, w)
		m, err := b.terraform(dir, e, variant, "plan")
		if err != nil {
			return err
		}
		log.Printf("      %.2fs, %d requests", m.wall.Seconds(), m.requests)
		r.windows = append(r.windows, windowRow{n: n, window: w, m: m})
	}
	_, err = b.terraform(dir, e, "after", "destroy", "-auto-approve")
	return err
}

type windowRow struct {
	n      int
	window string
	m      measurement
}

const dataSourceConfig = `terraform {
  required_providers {
    xclade = { source = "xclade/xclade" }
  }
}

provider "xclade" {}

data "xclade_api_keys" "all" {
  page_size = %d
}

output "keys" {
  value = length(data.xclade_api_keys.all.api_keys)
}
`

type dataRow struct {
	pageSize int
	keys     int
	requests int64
	read     inProcessRead
}

type dataE2E struct {
	pageSize, keys int
	m              measurement
	timedOut       bool
	limit          time.Duration
}

// dataSource reads xclade_api_keys over o.keys keys: the provider's read,
// in process, with each page size, then a whole terraform
// plan with the page size that needed the fewest requests.
func (b *bench) dataSource(r *report) error {
	e, err := startEmulator(0, 0)
	if err != nil {
		return err
	}
	defer e.close()
	log.Printf("seeding %d keys", b.o.keys)
	for i := range b.o.keys {
		typ := "publishable"
		if i%2 == 0 {
			typ = "secret"
		}
		if _, err := e.CreateKey(fmt.Sprintf("seed-%d", i), typ); err != nil {
			return err
		}
	}
	total := len(e.Keys())
	sizes, err := ints(b.o.pageSizes)
	if err != nil {
		return err
	}
	ctx := context.Background()
	for _, ps := range sizes {
		row := dataRow{pageSize: ps, keys: total}
		for i := range b.o.dsRuns {
			rd, err := readDataSourceInProcess(ctx, e, ps)
			if err != nil {
				return fmt.Errorf("reading xclade_api_keys in process: %w", err)
			}
			if rd.keys != total {
				return fmt.Errorf("xclade_api_keys returned %d keys, want %d", rd.keys, total)
			}
			if i == 0 || rd.wall < row.read.wall {
				row.read, row.requests = rd, e.RequestCount()
			}
		}
		log.Printf("xclade_api_keys over %d keys, page_size %d, in process: %.3fs, %d requests, %.0f MiB allocated",
			total, ps, row.read.wall.Seconds(), row.requests, float64(row.read.alloc)/(1<<20))
		r.data = append(r.data, row)
	}
	best := r.data[0]
	for _, row := range r.data {
		if row.requests < best.requests || (row.requests == best.requests && row.read.wall < best.read.wall) {
			best = row
		}
	}
	dir, err := b.writeConfig("data", fmt.Sprintf(dataSourceConfig, best.pageSize))
	if err != nil {
		return err
	}
	log.Printf("xclade_api_keys over %d keys, page_size %d: terraform plan (limit %s)", total, best.pageSize, b.o.dsTimeout)
	m, err := b.terraformWithin(b.o.dsTimeout, dir, e, "after", "plan")
	r.dataE2E = &dataE2E{pageSize: best.pageSize, keys: total, m: m, limit: b.o.dsTimeout}
	switch {
	case errors.Is(err, errTimeout):
		r.dataE2E.timedOut = true
		log.Printf("      did not finish in %s", b.o.dsTimeout)
	case err != nil:
		return err
	default:
		log.Printf("      %.2fs, %d requests, API span %.2fs, provider CPU %.2fs, peak %.1f MiB",
			m.wall.Seconds(), m.requests, m.apiSpan.Seconds(), m.cpu.Seconds(), float64(m.peakKiB)/1024)
	}
	return nil
}

// latencies parses -latency: FIXED or FIXED+JITTER, comma-separated.
func latencies(s string) ([][2]time.Duration, error) {
	var out [][2]time.Duration
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		fixed, jitter, _ := strings.Cut(f, "+")
		var l [2]time.Duration
		for i, v := range []string{fixed, jitter} {
			if v == "" || v == "0" {
				continue
			}
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				return nil, fmt.Errorf("-latency: %q is not FIXED or FIXED+JITTER", f)
			}
			l[i] = d
		}
		out = append(out, l)
	}
	if len(out) == 0 {
		out = append(out, [2]time.Duration{})
	}
	return out, nil
}

// updateSection replaces "## <name>" of the results file (up to the next
// "## ") with the results, or appends it; the file starts with the method.
func updateSection(path, name, tables string) error {
	raw, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	head := "# Benchmarks\n\n" + method + "\n"
	body := "## " + name + "\n\n" + tables
	s := string(raw)
	var sections []string
	if i := strings.Index(s, "\n## "); i >= 0 {
		for _, sec := range strings.Split(s[i+1:], "\n## ") {
			sec = "## " + strings.TrimPrefix(sec, "## ")
			title, _, _ := strings.Cut(sec, "\n")
			if title == "## "+name {
				continue
			}
			if strings.HasPrefix(title, "## ") && !strings.HasPrefix(title, "### ") {
				sections = append(sections, strings.TrimRight(sec, "\n")+"\n")
			}
		}
	}
	sections = append([]string{body}, sections...)
	// The emulator's results come first, whichever run wrote last.
	rank := func(sec string) int {
		if strings.HasPrefix(sec, "## Emulator\n") {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(sections, func(a, b string) int { return cmp.Compare(rank(a), rank(b)) })
	return os.WriteFile(path, []byte(head+strings.Join(sections, "\n")), 0o644)
}

func ints(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("not a positive number: %q", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// ---------- the report ----------

type report struct {
	started, finished time.Time
	partial           string // why the tables end early; "" for a whole run
	tfVersion, load   string
	resources         []resourceRow
	refresh           []refreshRow
	windows           []windowRow
	data              []dataRow
	dataE2E           *dataE2E
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func machine() string {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if f := strings.Fields(l); len(f) >= 2 && f[0] == "MemTotal:" {
				kib, _ := strconv.ParseFloat(f[1], 64)
				mem = fmt.Sprintf(", %.0f GiB RAM", kib/1024/1024)
			}
		}
	}
	return fmt.Sprintf("%s, %d cores%s, %s/%s", cpu, runtime.NumCPU(), mem, runtime.GOOS, runtime.GOARCH)
}

func secs(d time.Duration) string {
	if d == 0 {
		return "–" // not measured
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

func mib(kib int64) string {
	if kib == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f MiB", float64(kib)/1024)
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return a.Seconds() / b.Seconds()
}

// times is ratio for a table: "–" where b was not measured.
func times(a, b time.Duration) string {
	if b <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", ratio(a, b))
}

func requestBreakdown(c map[string]int64) string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s ×%d", k, c[k]))
	}
	return strings.Join(parts, ", ")
}

func (r *report) tables() string {
	var w strings.Builder
	fmt.Fprintf(&w, "Run %s (%.0f min) on %s; Terraform %s, %s; load average at start %s.\n\n",
		r.started.UTC().Format("2006-01-02 15:04 MST"), r.finished.Sub(r.started).Minutes(), machine(), r.tfVersion, runtime.Version(), r.load)
	if r.partial != "" {
		fmt.Fprintf(&w, "**Partial run**: %s; load average when written %s.\n\n", r.partial, loadavg())
	}
	for _, setting := range r.settings() {
		fmt.Fprintf(&w, "### %s: xclade_api_key against terraform_data\n\n", setting)
		fmt.Fprintln(&w, "| N | command | terraform_data | xclade_api_key | ratio | HTTP requests | requests per key | provider CPU | provider peak RSS |")
		fmt.Fprintln(&w, "|---:|---|---:|---:|---:|---:|---:|---:|---:|")
		for _, row := range r.resources {
			if row.setting != setting {
				continue
			}
			fmt.Fprintf(&w, "| %d | %s | %s | %s | %s | %d | %.3f | %s | %s |\n", row.n, row.command, secs(row.floor.wall), secs(row.xclade.wall),
				times(row.xclade.wall, row.floor.wall), row.xclade.requests, float64(row.xclade.requests)/float64(row.n), secs(row.xclade.cpu), mib(row.xclade.peakKiB))
		}
		fmt.Fprintln(&w)
		fmt.Fprintf(&w, "### %s: refresh, one GET per read (before) against coalesced reads (after)\n\n", setting)
		fmt.Fprintln(&w, "The limit is ceil(keys on the tenant / 1,000): one snapshot of the whole tenant.")
		fmt.Fprintln(&w)
		fmt.Fprintln(&w, "| N | keys on the tenant | limit | before: requests | before: wall | after: requests | after: wall | framework floor | after / framework floor | after / terraform_data | after: requests by route |")
		fmt.Fprintln(&w, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
		for _, row := range r.refresh {
			if row.setting != setting {
				continue
			}
			ff := row.floors[len(row.floors)-1]
			fmt.Fprintf(&w, "| %s | %d | %d | %d | %s | %d | %s | %s | %s | %s | %s |\n", row.label(), row.tenantKeys, pagesOf(row.tenantKeys),
				row.before.requests, secs(row.before.wall), row.after.requests, secs(row.after.wall), secs(ff.wall),
				times(row.after.wall, ff.wall), times(row.after.wall, r.dataWall(setting, row.n, row.mode)), requestBreakdown(row.after.counts))
		}
		fmt.Fprintln(&w)
		fmt.Fprintf(&w, "### %s: refresh, where the time goes\n\n", setting)
		fmt.Fprintln(&w, "The same refresh with providers that serve the same schema and do nothing else (bench/cmd/floor-provider):")
		fmt.Fprintln(&w, "what Terraform costs with any external provider, then with the plugin framework, before the provider's own work.")
		fmt.Fprintln(&w)
		fmt.Fprintln(&w, "| N | provider | wall | ratio to terraform_data | provider CPU | provider peak RSS |")
		fmt.Fprintln(&w, "|---:|---|---:|---:|---:|---:|")
		for _, row := range r.refresh {
			if row.setting != setting {
				continue
			}
			data := r.dataWall(setting, row.n, row.mode)
			fmt.Fprintf(&w, "| %s | terraform_data (built in) | %s | %s | – | – |\n", row.label(), secs(data), times(data, data))
			for i, m := range row.floors {
				fmt.Fprintf(&w, "| %s | %s (%s) | %s | %s | %s | %s |\n", row.label(), floorProviders[i].label, floorProviders[i].what, secs(m.wall),
					times(m.wall, data), secs(m.cpu), mib(m.peakKiB))
			}
			fmt.Fprintf(&w, "| %s | xclade (as built) | %s | %s | %s | %s |\n", row.label(), secs(row.after.wall), times(row.after.wall, data),
				secs(row.after.cpu), mib(row.after.peakKiB))
		}
		fmt.Fprintln(&w)
	}
	if len(r.windows) > 0 {
		fmt.Fprintln(&w, "### Batch window (batches only, no snapshots)")
		fmt.Fprintln(&w)
		fmt.Fprintln(&w, "| N | window | requests | wall |")
		fmt.Fprintln(&w, "|---:|---:|---:|---:|")
		for _, row := range r.windows {
			fmt.Fprintf(&w, "| %d | %s | %d | %s |\n", row.n, row.window, row.m.requests, secs(row.m.wall))
		}
		fmt.Fprintln(&w)
	}
	if len(r.data) > 0 {
		fmt.Fprintf(&w, "### xclade_api_keys data source over %d keys\n\n", r.data[0].keys)
		fmt.Fprintln(&w, "The provider's read, in process (ReadDataSource through its protocol server, without Terraform):")
		fmt.Fprintln(&w)
		fmt.Fprintln(&w, "| page_size | HTTP requests | read wall | allocated |")
		fmt.Fprintln(&w, "|---:|---:|---:|---:|")
		for _, row := range r.data {
			fmt.Fprintf(&w, "| %d | %d | %s | %.0f MiB |\n", row.pageSize, row.requests, secs(row.read.wall), float64(row.read.alloc)/(1<<20))
		}
		if d := r.dataE2E; d != nil {
			fmt.Fprintln(&w)
			if d.timedOut {
				fmt.Fprintf(&w, "Whole `terraform plan` reading it (page_size %d): **did not finish within %s**.\n", d.pageSize, d.limit)
			} else {
				fmt.Fprintf(&w, "Whole `terraform plan` reading it (page_size %d): %s wall, %d HTTP requests (API span %s), provider CPU %s, provider peak RSS %s.\n",
					d.pageSize, secs(d.m.wall), d.m.requests, secs(d.m.apiSpan), secs(d.m.cpu), mib(d.m.peakKiB))
			}
		}
		fmt.Fprintln(&w)
	}
	fmt.Fprint(&w, r.targets())
	return w.String()
}

// settings lists the settings measured, in the order first measured.
func (r *report) settings() []string {
	var out []string
	for _, row := range r.resources {
		if !slices.Contains(out, row.setting) {
			out = append(out, row.setting)
		}
	}
	return out
}

func (r *report) dataWall(setting string, n int, mode string) time.Duration {
	for _, row := range r.resources {
		if row.setting == setting && row.n == n && row.mode == mode && row.command == "refresh (plan)" {
			return row.floor.wall
		}
	}
	return 0
}

// label is N and how the keys came to be, e.g. "1000 (imported)".
func (row refreshRow) label() string {
	if row.mode == "import" {
		return fmt.Sprintf("%d (imported)", row.n)
	}
	return fmt.Sprintf("%d (created)", row.n)
}

func pagesOf(keys int) int { return (keys + 999) / 1000 }

// targets checks the targets for every N and setting measured.
func (r *report) targets() string {
	var w strings.Builder
	fmt.Fprintln(&w, "### Targets")
	fmt.Fprintln(&w)
	fmt.Fprintln(&w, "| setting | target | measured | met |")
	fmt.Fprintln(&w, "|---|---|---|:---:|")
	yes := func(ok bool) string {
		if ok {
			return "yes"
		}
		return "**no**"
	}
	for _, row := range r.refresh {
		limit := int64(pagesOf(row.tenantKeys) + 10)
		if strings.HasPrefix(row.setting, "real") {
			limit = 20
		}
		fmt.Fprintf(&w, "| %s | refresh of %s keys ≤ %d requests | %d | %s |\n", row.setting, row.label(), limit, row.after.requests, yes(row.after.requests <= limit))
		ff := row.floors[len(row.floors)-1]
		rt := ratio(row.after.wall, ff.wall)
		fmt.Fprintf(&w, "| %s | refresh of %s keys ≤ 1.15× the framework floor | %.2f× (%s against %s) | %s |\n", row.setting, row.label(), rt,
			secs(row.after.wall), secs(ff.wall), yes(rt <= 1.15))
		var peak int64
		for _, rs := range r.resources {
			if rs.setting == row.setting && rs.n == row.n && rs.mode == row.mode {
				peak = max(peak, rs.xclade.peakKiB)
				if rs.command == "destroy" {
					fmt.Fprintf(&w, "| %s | destroy of %s keys ≤ N + the refresh's requests (%d) | %d | %s |\n", row.setting, row.label(),
						int64(row.n)+row.after.requests, rs.xclade.requests, yes(rs.xclade.requests <= int64(row.n)+row.after.requests))
				}
			}
		}
		fmt.Fprintf(&w, "| %s | provider peak RSS < 150 MiB at N = %s | %s | %s |\n", row.setting, row.label(), mib(peak), yes(peak > 0 && peak < 150*1024))
	}
	if len(r.data) > 0 {
		best := r.data[0]
		for _, row := range r.data {
			if row.requests < best.requests || (row.requests == best.requests && row.read.wall < best.read.wall) {
				best = row
			}
		}
		fmt.Fprintf(&w, "| emulator | xclade_api_keys over %d keys ≤ 11 requests (page_size %d) | %d | %s |\n", best.keys, best.pageSize, best.requests, yes(best.requests <= 11))
	}
	return w.String()
}

const method = `Method: ` + "`make bench`" + ` (bench/cmd/xclade-bench) builds the provider and runs a real Terraform with it
through a dev_overrides CLI configuration, against the emulator served in-process on 127.0.0.1 (a fresh one for
each N), or (` + "`make bench-medusa`" + `, run by ` + "`make conformance`" + `) against a real Medusa behind a proxy on 127.0.0.1 that
counts the requests. The emulator can hold every request for a fixed time plus a random jitter (` + "`-latency 30ms+50ms`" + `:
30 to 80 ms, the real server's range on this machine), so that what depends on how long a run takes shows as it does
against a real server. Each N is measured one of two ways: ` + "`terraform apply -auto-approve`" + ` creates N keys
(` + "`count = N`" + `, alternately secret and publishable); or ("apply (import)") the N keys are made in bulk without
Terraform (out of band in the emulator, through the API against Medusa) and the apply imports them with import
blocks, which are then removed, so that creating 10,000 keys does not dominate the run. Then ` + "`terraform plan -detailed-exitcode`" + `
(a refresh of all N, which must plan no change) and ` + "`terraform destroy -auto-approve`" + ` (revoke), each next to the same
command on N of Terraform's built-in ` + "`terraform_data`" + ` (no provider process; only up to ` + "`-data-floor-max`" + `, 3,000,
because its apply grows faster than N: "–" above). Each refresh is run ` + "`-refresh-runs`" + ` times,
interleaved with the other refreshes of the same N, and the median counts; all with the default -parallelism (10).
HTTP requests are counted by the server's front for the command; "requests per key" divides them by N. Provider CPU
(user + system) and peak RSS (ru_maxrss) come from the rusage of the provider processes, which Terraform starts
through a wrapper that runs the real binary as its child; CPU is summed over the provider processes of the command,
the peak is the largest. "Before" is the same refresh with coalescing off (bench/cmd/bench-provider with
` + "`XCLADE_BENCH_COALESCING=off`" + `: one GET per read). The "floor" providers (bench/cmd/floor-provider) serve the same
xclade_api_key schema and do nothing else: the protocol floor answers the refresh's calls directly with
terraform-plugin-go, the framework floor is a plugin-framework resource with an empty Read, served like the
provider; the refresh target compares with the framework floor. The data source is measured over 10,000 seeded keys
(plus the emulator's two), without latency: the provider's own read, in process, through its protocol server (no
Terraform), for each page size; and a whole ` + "`terraform plan`" + ` that reads it with the page size that needed the fewest
requests, under a time limit. Wall times depend on the load of the machine (shared with other work while measured;
see the load average): compare ratios, not seconds.
`

func (r *report) readmeSection() string {
	return "## Benchmarks\n\n`make bench` measures apply, refresh and destroy of N keys against Terraform's built-in " +
		"`terraform_data`, the refresh before and after read coalescing and next to providers that do nothing, and the `xclade_api_keys` data source " +
		"over 10,000 keys; details and method in [bench/results.md](bench/results.md). Latest run:\n\n" + r.tables()
}

// updateReadme replaces the README's "## Benchmarks" section, which is the
// last one, or appends it.
func updateReadme(path, section string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	s := string(raw)
	if i := strings.Index(s, "\n## Benchmarks\n"); i >= 0 {
		rest := s[i+1:]
		if j := strings.Index(rest[len("## Benchmarks\n"):], "\n## "); j >= 0 {
			return fmt.Errorf("%s: the Benchmarks section is not the last one; not touching it", path)
		}
		s = s[:i+1]
	} else {
		s = strings.TrimRight(s, "\n") + "\n\n"
	}
	return os.WriteFile(path, []byte(s+section), 0o644)
}
