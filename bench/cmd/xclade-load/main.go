// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Command xclade-load applies and destroys N xclade_api_key resources with a
// real Terraform at several -parallelism values, against a real server
// (XCLADE_TEST_BASE_URL with XCLADE_TEST_API_KEY, as scripts/medusa writes
// them) or, with -emulator, against the in-process emulator limited like
// Medusa (emulator.WithCapacity). It fails unless every destroy ends with
// every key revoked, and unless the destroy at the highest parallelism takes
// at most 1.5 times the one at the lowest. It counts the requests through a
// proxy of its own on 127.0.0.1 and writes the wall times into the load
// section of bench/results.md (-out).
//
// With -fleet K it runs K terraform processes at once instead (fleet.go):
// K applies of -n publishable keys each, then K destroys, and fails unless
// every one succeeds, no key is left live, and the destroys together take
// at most -fleet-max.
//
//	go run ./bench/cmd/xclade-load -n 300 -parallelism 10,50 -out bench/results.md
//	go run ./bench/cmd/xclade-load -n 300 -parallelism 50 -caps 4,8,16   # choose the default cap
//	go run ./bench/cmd/xclade-load -fleet 6 -out bench/results.md        # 6 runs × 60 keys at -parallelism=50
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/xclade/terraform-provider-xclade/internal/emulator"
	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("xclade-load: ")
	var o options
	flag.IntVar(&o.n, "n", 300, "keys to apply and destroy")
	flag.StringVar(&o.parallelism, "parallelism", "10,50", "terraform -parallelism values; the lowest is the reference")
	flag.StringVar(&o.caps, "caps", "", "max_concurrent_requests values to try (empty: the provider's default only)")
	flag.BoolVar(&o.emulator, "emulator", false, "use the in-process emulator, limited like Medusa, instead of XCLADE_TEST_*")
	flag.StringVar(&o.out, "out", "", "results file whose load section is replaced (e.g. bench/results.md)")
	flag.DurationVar(&o.timeout, "timeout", 15*time.Minute, "limit for one terraform command")
	flag.Float64Var(&o.maxRatio, "max-ratio", 1.5, "fail if the destroy at the highest parallelism takes longer than this times the lowest")
	flag.IntVar(&o.fleet, "fleet", 0, "fleet mode: run this many terraform processes at once, each with -n publishable keys (default 60) at one -parallelism (default 50)")
	flag.DurationVar(&o.fleetMax, "fleet-max", 3*time.Minute, "fleet mode: fail if the destroys together take longer")
	flag.Parse()
	if o.fleet > 0 {
		set := map[string]bool{}
		flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if !set["n"] {
			o.n = 60
		}
		if !set["parallelism"] {
			o.parallelism = "50"
		}
	}
	if err := run(o); err != nil {
		log.Fatal(err)
	}
}

type options struct {
	n                 int
	parallelism, caps string
	emulator          bool
	out               string
	timeout           time.Duration
	maxRatio          float64
	fleet             int
	fleetMax          time.Duration
}

type row struct {
	parallelism, cap       int // cap 0: the provider's default
	apply, destroy         time.Duration
	applyReq, destroyReq   int64
	applyPeak, destroyPeak int
	destroyStatus          string
	revoked                int
}

func run(o options) error {
	pars, err := ints(o.parallelism)
	if err != nil {
		return err
	}
	caps := []int{0}
	if o.caps != "" {
		if caps, err = ints(o.caps); err != nil {
			return err
		}
	}
	work, err := os.MkdirTemp("", "xclade-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	rc, err := buildProvider(work)
	if err != nil {
		return err
	}
	target, apiKey, describe, stop, err := server(o.emulator)
	if err != nil {
		return err
	}
	defer stop()
	p, err := startProxy(target)
	if err != nil {
		return err
	}
	defer p.close()
	client, err := xclade.New(xclade.Config{BaseURL: target, APIKey: xclade.Secret(apiKey), Settings: xclade.Settings{MaxRetries: 4}})
	if err != nil {
		return err
	}
	if o.fleet > 0 {
		return runFleet(o, work, rc, p, client, apiKey, describe)
	}

	started := time.Now()
	load := loadavg()
	var rows []row
	for _, c := range caps {
		for _, par := range pars {
			r, err := measure(o, work, rc, p, client, apiKey, par, c)
			rows = append(rows, r)
			if err != nil {
				return err
			}
		}
	}
	md := report(o, rows, describe, started, load)
	fmt.Print(md)
	if o.out != "" {
		if err := replaceSection(o.out, md, o.caps != ""); err != nil {
			return err
		}
		log.Printf("wrote the load section of %s", o.out)
	}
	return verdict(o, rows)
}

// measure applies and destroys o.n keys at one parallelism and cap.
func measure(o options, work, rc string, p *proxy, client *xclade.Client, apiKey string, par, maxConc int) (row, error) {
	r := row{parallelism: par, cap: maxConc}
	prefix := fmt.Sprintf("load-%d-%s", par, strconv.FormatInt(time.Now().UnixNano(), 36))
	dir := filepath.Join(work, prefix)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return r, err
	}
	if err := writeConfig(dir, p.url, prefix, o.n, maxConc, `count.index % 2 == 0 ? "secret" : "publishable"`); err != nil {
		return r, err
	}
	tf := func(command string) (time.Duration, int64, int, error) {
		p.reset()
		wall, err := terraform(o, dir, rc, apiKey, par, command)
		n, peak := p.stats()
		return wall, n, peak, err
	}
	var err error
	if r.apply, r.applyReq, r.applyPeak, err = tf("apply"); err != nil {
		return r, err
	}
	log.Printf("%s: applied %d keys in %s, %d requests", prefix, o.n, r.apply.Round(10*time.Millisecond), r.applyReq)
	r.destroy, r.destroyReq, r.destroyPeak, err = tf("destroy")
	r.destroyStatus = p.statusSummary()
	revoked, total, verr := countRevoked(client, prefix)
	r.revoked = revoked
	log.Printf("%s: destroyed in %s, %d requests (%s), %d of %d keys revoked", prefix, r.destroy.Round(10*time.Millisecond),
		r.destroyReq, r.destroyStatus, revoked, total)
	switch {
	case err != nil:
		return r, err
	case verr != nil:
		return r, verr
	case total != o.n || revoked != o.n:
		return r, fmt.Errorf("%s: %d keys on the server, %d revoked; want %d, all revoked", prefix, total, revoked, o.n)
	}
	return r, nil
}

// terraform runs one terraform command (apply or destroy) in dir, keeps
// its output in dir, and returns its wall time.
func terraform(o options, dir, rc, apiKey string, par int, command string) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), o.timeout)
	defer cancel()
	args := []string{command, "-auto-approve", "-input=false", "-no-color", fmt.Sprintf("-parallelism=%d", par)}
	cmd := exec.CommandContext(ctx, "terraform", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"XCLADE_API_KEY="+apiKey)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	log.Printf("%s: terraform %s", filepath.Base(dir), strings.Join(args, " "))
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	_ = os.WriteFile(filepath.Join(dir, "terraform-"+command+".log"), out.Bytes(), 0o644)
	if err != nil {
		err = fmt.Errorf("%s: terraform %s (parallelism %d) after %s: %w\n%s", filepath.Base(dir), command, par, wall.Round(time.Second), err, tail(out.String(), 30))
	}
	return wall, err
}

// writeConfig writes a configuration of n keys titled prefix-i of type
// typeExpr (an HCL expression) through the proxy at proxyURL; maxConc 0
// leaves max_concurrent_requests at the provider's default.
func writeConfig(dir, proxyURL, prefix string, n, maxConc int, typeExpr string) error {
	capLine := ""
	if maxConc > 0 {
		capLine = fmt.Sprintf("  max_concurrent_requests = %d\n", maxConc)
	}
	config := fmt.Sprintf(`terraform {
  required_providers {
    xclade = { source = "xclade/xclade" }
  }
}

provider "xclade" {
  base_url = %q
%s}

resource "xclade_api_key" "k" {
  count = %d
  title = "%s-${count.index}"
  type  = %s
}
`, proxyURL, capLine, n, prefix, typeExpr)
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o644)
}

// countRevoked asks the server how many of the run's keys exist and how
// many of those are revoked now.
func countRevoked(client *xclade.Client, prefix string) (revoked, total int, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	now := client.ServerNow()
	for k, err := range client.AllAPIKeys(ctx, xclade.ListParams{Q: prefix + "-"}, 1000) {
		if err != nil {
			return 0, 0, err
		}
		if !strings.HasPrefix(k.Title, prefix+"-") {
			continue
		}
		total++
		if k.RevokedBefore(now.Add(time.Second)) {
			revoked++
		}
	}
	return revoked, total, nil
}

// verdict is the acceptance test: every key revoked (measure
// returned no error), and the destroy at the highest parallelism no slower
// than maxRatio times the one at the lowest, for each cap.
func verdict(o options, rows []row) error {
	byCap := map[int][]row{}
	for _, r := range rows {
		byCap[r.cap] = append(byCap[r.cap], r)
	}
	var errs []error
	for c, rs := range byCap {
		if len(rs) < 2 {
			continue
		}
		sort.Slice(rs, func(i, j int) bool { return rs[i].parallelism < rs[j].parallelism })
		lo, hi := rs[0], rs[len(rs)-1]
		if ratio := hi.destroy.Seconds() / lo.destroy.Seconds(); ratio > o.maxRatio {
			errs = append(errs, fmt.Errorf("cap %s: destroy at -parallelism=%d took %.2fx the one at %d (limit %.2fx)",
				capLabel(c), hi.parallelism, ratio, lo.parallelism, o.maxRatio))
		}
	}
	return errors.Join(errs...)
}

func capLabel(c int) string {
	if c == 0 {
		return fmt.Sprintf("%d (default)", xclade.DefaultMaxConcurrentRequests)
	}
	return strconv.Itoa(c)
}

// ---------- server and proxy ----------

// medusaCapacity is what the emulator stands for in -emulator runs: a
// Medusa 2.21.2 whose pool of ten database connections deadlocks when
// revokes, each holding one connection while it waits for a second, take
// them all (emulator.Capacity.Connections), with its 60 s acquire timeout
// and latencies of the order measured here (a revoke took about 80 ms
// alone).
var medusaCapacity = emulator.Capacity{Connections: 10, Latency: 50 * time.Millisecond, Hold: 30 * time.Millisecond, AcquireTimeout: 60 * time.Second}

func server(useEmulator bool) (baseURL, apiKey, describe string, stop func(), err error) {
	if !useEmulator {
		baseURL, apiKey = os.Getenv("XCLADE_TEST_BASE_URL"), os.Getenv("XCLADE_TEST_API_KEY")
		if baseURL == "" || apiKey == "" {
			return "", "", "", nil, errors.New("set XCLADE_TEST_BASE_URL and XCLADE_TEST_API_KEY (scripts/medusa/start.sh writes them), or use -emulator")
		}
		return baseURL, apiKey, "a real Medusa 2.21.2 (scripts/medusa) at " + baseURL, func() {}, nil
	}
	emu := emulator.New(emulator.WithCapacity(medusaCapacity))
	k, err := emu.CreateKey("load-admin", "secret")
	if err != nil {
		return "", "", "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", "", "", nil, err
	}
	srv := &http.Server{Handler: emu}
	go func() { _ = srv.Serve(ln) }()
	describe = fmt.Sprintf("the emulator limited like Medusa (%d database connections, each request %s before it takes one and %s holding it, a revoke holds it while it waits for a second, a wait fails after %s)",
		medusaCapacity.Connections, medusaCapacity.Latency, medusaCapacity.Hold, medusaCapacity.AcquireTimeout)
	return "http://" + ln.Addr().String(), k.Token, describe, func() { _ = srv.Close() }, nil
}

// proxy forwards to the server and counts what the provider sends.
type proxy struct {
	url string
	srv *http.Server

	mu       sync.Mutex
	requests int64
	inFlight int
	peak     int
	statuses map[int]int64
}

func startProxy(target string) (*proxy, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &proxy{url: "http://" + ln.Addr().String(), statuses: map[int]int64{}}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.Transport = &http.Transport{MaxIdleConnsPerHost: 256, IdleConnTimeout: 4 * time.Second}
	rp.ModifyResponse = func(res *http.Response) error {
		p.mu.Lock()
		p.statuses[res.StatusCode]++
		p.mu.Unlock()
		return nil
	}
	rp.ErrorHandler = func(w http.ResponseWriter, r *http.Request, err error) {
		// The provider gave up (request_timeout) or the server broke the
		// connection: counted as status 0, and the provider sees no answer.
		p.mu.Lock()
		p.statuses[0]++
		p.mu.Unlock()
		w.WriteHeader(http.StatusBadGateway)
	}
	p.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.requests++
		p.inFlight++
		p.peak = max(p.peak, p.inFlight)
		p.mu.Unlock()
		defer func() {
			p.mu.Lock()
			p.inFlight--
			p.mu.Unlock()
		}()
		rp.ServeHTTP(w, r)
	})}
	go func() { _ = p.srv.Serve(ln) }()
	return p, nil
}

func (p *proxy) reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.requests, p.peak, p.statuses = 0, p.inFlight, map[int]int64{}
}

func (p *proxy) stats() (int64, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.requests, p.peak
}

// statusSummary renders the answers by status, e.g. "200 ×300".
func (p *proxy) statusSummary() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	codes := make([]int, 0, len(p.statuses))
	for c := range p.statuses {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	parts := make([]string, 0, len(codes))
	for _, c := range codes {
		label := strconv.Itoa(c)
		if c == 0 {
			label = "no answer"
		}
		parts = append(parts, fmt.Sprintf("%s ×%d", label, p.statuses[c]))
	}
	return strings.Join(parts, ", ")
}

func (p *proxy) close() { _ = p.srv.Close() }

// ---------- build ----------

// buildProvider builds the provider and a Terraform CLI config that uses it
// through dev_overrides (no registry, no terraform init).
func buildProvider(work string) (string, error) {
	if _, err := exec.LookPath("terraform"); err != nil {
		return "", errors.New("terraform is not on PATH")
	}
	override := filepath.Join(work, "override")
	log.Printf("building the provider")
	cmd := exec.Command("go", "build", "-o", filepath.Join(override, "terraform-provider-xclade"), ".")
	cmd.Dir, cmd.Stderr = moduleRoot(), os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build: %w", err)
	}
	rc := filepath.Join(work, "terraformrc")
	body := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"registry.terraform.io/xclade/xclade\" = %q\n  }\n  direct {}\n}\n", override)
	return rc, os.WriteFile(rc, []byte(body), 0o644)
}

func moduleRoot() string {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "."
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

// ---------- report ----------

// The results file keeps one section per kind of run, between markers
// (xclade-bench carries them over): the check at the default cap, and the
// sweep of caps that chose the default.
func markers(sweep bool) (begin, end string) {
	name := "xclade-load"
	if sweep {
		name = "xclade-load-caps"
	}
	return "<!-- " + name + ": begin -->", "<!-- " + name + ": end -->"
}

func report(o options, rows []row, describe string, started time.Time, load string) string {
	var w strings.Builder
	begin, end := markers(o.caps != "")
	title := fmt.Sprintf("Load: %d keys at several -parallelism values (make load)", o.n)
	if o.caps != "" {
		title = fmt.Sprintf("Load: %d keys with several max_concurrent_requests (choosing the default)", o.n)
	}
	fmt.Fprintf(&w, "%s\n## %s\n\n", begin, title)
	fmt.Fprintf(&w, "Run %s (%s) against %s, from `make load` (bench/cmd/xclade-load): a real `terraform apply` then "+
		"`terraform destroy` of %d `xclade_api_key` (alternately secret and publishable), each key checked revoked on the server afterwards. "+
		"Requests are counted by a proxy in front of the server; \"in flight\" is the most requests it saw at once. "+
		"%s, %d cores; load average at start %s, at the end %s (wall times grow with it).\n\n",
		started.UTC().Format("2006-01-02 15:04 UTC"), time.Since(started).Round(time.Second), describe, o.n,
		runtime.GOOS+"/"+runtime.GOARCH, runtime.NumCPU(), load, loadavg())
	w.WriteString("| -parallelism | max_concurrent_requests | apply | apply requests | destroy | destroy requests | answers to the destroy | most in flight (apply / destroy) | revoked |\n")
	w.WriteString("|---:|---:|---:|---:|---:|---:|---|---:|---:|\n")
	for _, r := range rows {
		fmt.Fprintf(&w, "| %d | %s | %.1f s | %d | %.1f s | %d | %s | %d / %d | %d of %d |\n", r.parallelism, capLabel(r.cap),
			r.apply.Seconds(), r.applyReq, r.destroy.Seconds(), r.destroyReq, r.destroyStatus, r.applyPeak, r.destroyPeak, r.revoked, o.n)
	}
	w.WriteString("\n" + end + "\n")
	return w.String()
}

// replaceSection puts section in place of the file's load section, or at
// its end.
func replaceSection(path, section string, sweep bool) error {
	sectionBegin, sectionEnd := markers(sweep)
	return replaceBetween(path, section, sectionBegin, sectionEnd)
}

// replaceBetween puts section in place of the file's text from begin to
// end, or at its end.
func replaceBetween(path, section, sectionBegin, sectionEnd string) error {
	raw, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	s := string(raw)
	if i := strings.Index(s, sectionBegin); i >= 0 {
		if j := strings.Index(s[i:], sectionEnd); j >= 0 {
			end := i + j + len(sectionEnd)
			s = s[:i] + strings.TrimSuffix(section, "\n") + s[end:]
			return os.WriteFile(path, []byte(s), 0o644)
		}
	}
	return os.WriteFile(path, []byte(strings.TrimRight(s, "\n")+"\n\n"+section), 0o644)
}

func ints(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a list of positive numbers", s)
		}
		out = append(out, n)
	}
	return out, nil
}

func loadavg() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(raw))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func tail(s string, lines int) string {
	l := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(l) > lines {
		l = l[len(l)-lines:]
	}
	return strings.Join(l, "\n")
}
