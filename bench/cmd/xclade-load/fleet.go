// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/xclade/terraform-provider-xclade/internal/xclade"
)

// Fleet mode runs K Terraform processes at once against one server, as a CI
// farm or a monorepo pipeline does with many workspaces on one tenant:
// each applies -n publishable keys, then each destroys them, all at once.
// Each process has its own provider and so its own limit on requests in
// flight; only together do they overload the server.

// fleetPhase is one command run by every process of the fleet at once.
type fleetPhase struct {
	command          string
	wall             time.Duration // from the first start to the last end
	fastest, slowest time.Duration
	failed           int
	requests         int64
	statuses         string
	peak             int
	errs             []error
}

func runFleet(o options, work, rc string, p *proxy, client *xclade.Client, apiKey, describe string) error {
	pars, err := ints(o.parallelism)
	if err != nil {
		return err
	}
	par := pars[len(pars)-1]
	started, load := time.Now(), loadavg()
	stamp := strconv.FormatInt(time.Now().UnixNano(), 36)
	dirs := make([]string, o.fleet)
	prefixes := make([]string, o.fleet)
	for i := range dirs {
		prefixes[i] = fmt.Sprintf("fleet-%s-%d", stamp, i)
		dirs[i] = filepath.Join(work, prefixes[i])
		if err := os.MkdirAll(dirs[i], 0o755); err != nil {
			return err
		}
		if err := writeConfig(dirs[i], p.url, prefixes[i], o.n, 0, `"publishable"`); err != nil {
			return err
		}
	}
	apply := fleetRun(o, dirs, rc, apiKey, par, p, "apply")
	phases := []fleetPhase{apply}
	if apply.failed == 0 {
		phases = append(phases, fleetRun(o, dirs, rc, apiKey, par, p, "destroy"))
	}
	// Count on the server what the fleet left live, whatever failed.
	live, total := 0, 0
	for _, prefix := range prefixes {
		revoked, n, err := countRevoked(client, prefix)
		if err != nil {
			return err
		}
		live, total = live+n-revoked, total+n
	}
	md := fleetReport(o, par, phases, live, total, describe, started, load)
	fmt.Print(md)
	if o.out != "" {
		begin, end := fleetMarkers()
		if err := replaceBetween(o.out, md, begin, end); err != nil {
			return err
		}
		log.Printf("wrote the fleet section of %s", o.out)
	}
	var errs []error
	for _, ph := range phases {
		errs = append(errs, ph.errs...)
	}
	if len(phases) == 2 && phases[1].wall > o.fleetMax {
		errs = append(errs, fmt.Errorf("the %d destroys together took %s, over %s", o.fleet, phases[1].wall.Round(time.Second), o.fleetMax))
	}
	if live > 0 {
		errs = append(errs, fmt.Errorf("%d of %d keys left live on the server", live, total))
	}
	return errors.Join(errs...)
}

// fleetRun runs command in every directory at once.
func fleetRun(o options, dirs []string, rc, apiKey string, par int, p *proxy, command string) fleetPhase {
	ph := fleetPhase{command: command}
	p.reset()
	walls := make([]time.Duration, len(dirs))
	errs := make([]error, len(dirs))
	start := time.Now()
	var wg sync.WaitGroup
	for i, dir := range dirs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			walls[i], errs[i] = terraform(o, dir, rc, apiKey, par, command)
		}()
	}
	wg.Wait()
	ph.wall = time.Since(start)
	ph.requests, ph.peak = p.stats()
	ph.statuses = p.statusSummary()
	ph.fastest, ph.slowest = walls[0], walls[0]
	for i, w := range walls {
		ph.fastest, ph.slowest = min(ph.fastest, w), max(ph.slowest, w)
		if errs[i] != nil {
			ph.failed++
			ph.errs = append(ph.errs, errs[i])
		}
	}
	log.Printf("fleet: %d × terraform %s in %s, %d failed, %d requests (%s)", len(dirs), command,
		ph.wall.Round(100*time.Millisecond), ph.failed, ph.requests, ph.statuses)
	return ph
}

func fleetMarkers() (begin, end string) {
	return "<!-- xclade-load-fleet: begin -->", "<!-- xclade-load-fleet: end -->"
}

func fleetReport(o options, par int, phases []fleetPhase, live, total int, describe string, started time.Time, load string) string {
	var w strings.Builder
	begin, end := fleetMarkers()
	fmt.Fprintf(&w, "%s\n\n## Fleet: %d Terraform runs at once on one server, %d publishable keys each (make load-fleet)\n\n", begin, o.fleet, o.n)
	fmt.Fprintf(&w, "Run %s (%s) against %s, from `make load-fleet` (bench/cmd/xclade-load -fleet %d): %d `terraform apply` "+
		"processes at once, each of %d `xclade_api_key` (publishable) at `-parallelism=%d` with the provider's defaults "+
		"(each process its own provider, so its own max_concurrent_requests), then their %d `terraform destroy` at once; "+
		"then the keys still live on the server are counted. Requests and answers are counted by a proxy in front of the "+
		"server for the whole fleet (\"no answer\": the provider gave up on the request). %s, %d cores; load average at "+
		"start %s, at the end %s.\n\n",
		started.UTC().Format("2006-01-02 15:04 UTC"), time.Since(started).Round(time.Second), describe, o.fleet, o.fleet,
		o.n, par, o.fleet, runtime.GOOS+"/"+runtime.GOARCH, runtime.NumCPU(), load, loadavg())
	w.WriteString("| command | runs that succeeded | all runs (wall) | fastest / slowest run | requests | answers | most in flight | keys left live |\n")
	w.WriteString("|---|---:|---:|---:|---:|---|---:|---:|\n")
	for _, ph := range phases {
		left := "—"
		if ph.command == "destroy" {
			left = fmt.Sprintf("%d of %d", live, total)
		}
		fmt.Fprintf(&w, "| %s | %d of %d | %.1f s | %.1f s / %.1f s | %d | %s | %d | %s |\n", ph.command, o.fleet-ph.failed, o.fleet,
			ph.wall.Seconds(), ph.fastest.Seconds(), ph.slowest.Seconds(), ph.requests, ph.statuses, ph.peak, left)
	}
	w.WriteString("\n" + end + "\n")
	return w.String()
}
