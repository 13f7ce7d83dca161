// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"cmp"
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// deviceRuns are the refreshes of one N with one provider: as built, with
// one device off (bench-provider, XCLADE_BENCH_OFF), or the framework floor.
type deviceRuns struct {
	n       int
	variant string
	runs    []measurement
}

// devices measures each speed device named in -devices (a+b: both off in
// one variant, to measure a device without another): for every N of
// -import-n, the keys are made without Terraform and imported by one apply,
// then each round refreshes them once with every variant in turn, so that
// the machine's load falls on all of them alike. No destroy: the emulator
// goes with its keys.
func (b *bench) devices(sizes []int) error {
	names := strings.Split(b.o.devices, ",")
	variants := []string{"after"}
	for _, d := range names {
		if d == "none" { // the provider as built against the floor only
			continue
		}
		v := "off-" + d
		b.binaries[v] = b.binaries["before"]
		b.variantEnv[v] = []string{"XCLADE_BENCH_OFF=" + strings.ReplaceAll(d, "+", ",")}
		variants = append(variants, v)
	}
	variants = append(variants, "framework-floor")
	started, load := time.Now(), loadavg()
	var all []deviceRuns
	for _, n := range sizes {
		rows, err := b.devicesN(n, variants)
		if err != nil {
			return err
		}
		all = append(all, rows...)
		md := deviceTable(all, started, load, b)
		if err := updateSection(b.o.out, "Speed devices", md); err != nil {
			return err
		}
		fmt.Print(md)
	}
	return nil
}

func (b *bench) devicesN(n int, variants []string) ([]deviceRuns, error) {
	ctx := context.Background()
	e, err := b.startServer()
	if err != nil {
		return nil, err
	}
	defer e.close()
	dir, err := b.writeConfig(fmt.Sprintf("devices-%d", n), fmt.Sprintf(xcladeConfig, n))
	if err != nil {
		return nil, err
	}
	ids, err := e.bulkCreate(ctx, n)
	if err != nil {
		return nil, fmt.Errorf("making keys: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "imports.tf"), []byte(importBlocks(ids)), 0o644); err != nil {
		return nil, err
	}
	if _, err := b.terraform(dir, e, "after", "apply", "-auto-approve"); err != nil {
		return nil, err
	}
	if err := os.Remove(filepath.Join(dir, "imports.tf")); err != nil {
		return nil, err
	}
	rows := make([]deviceRuns, len(variants))
	for round := range max(1, b.o.refreshRuns) {
		for i, v := range variants {
			m, err := b.terraform(dir, e, v, "plan", "-detailed-exitcode")
			if err != nil {
				return nil, fmt.Errorf("%s: %w", v, err)
			}
			log.Printf("N=%d round %d %-16s %.2fs, CPU %.2fs, peak %.1f MiB", n, round+1, v, m.wall.Seconds(), m.cpu.Seconds(), float64(m.peakKiB)/1024)
			rows[i] = deviceRuns{n: n, variant: v, runs: append(rows[i].runs, m)}
		}
	}
	return rows, nil
}

// deviceTable reports each variant's median wall time and peak RSS with
// their spread (min–max), and the change against the provider as built.
func deviceTable(rows []deviceRuns, started time.Time, load string, b *bench) string {
	var w strings.Builder
	fmt.Fprintf(&w, "Run %s (%.0f min) on %s; Terraform %s, %s; %s; load average at start %s, at the end %s.\n\n",
		started.UTC().Format("2006-01-02 15:04 MST"), time.Since(started).Minutes(), machine(), b.tfVer, runtime.Version(), b.setting(), load, loadavg())
	w.WriteString("From `xclade-bench -devices …` (bench/cmd/xclade-bench/devices.go): N keys imported by one apply, then " +
		"`terraform plan -detailed-exitcode` (a refresh of all N) once per round with each variant in turn. \"off\" is " +
		"bench/cmd/bench-provider with `XCLADE_BENCH_OFF=<device>`. Medians with the spread (min–max) of the runs; " +
		"\"change\" is the median's change when the device is turned off (positive: the device wins).\n\n")
	w.WriteString("| N | provider | runs | wall (median) | wall (min–max) | wall change | peak RSS (median) | peak RSS (min–max) | RSS change | CPU (median) |\n")
	w.WriteString("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	var base deviceRuns
	for _, r := range rows {
		if r.variant == "after" {
			base = r
		}
		walls := pick(r.runs, func(m measurement) float64 { return m.wall.Seconds() })
		rss := pick(r.runs, func(m measurement) float64 { return float64(m.peakKiB) / 1024 })
		cpu := pick(r.runs, func(m measurement) float64 { return m.cpu.Seconds() })
		bw := pick(base.runs, func(m measurement) float64 { return m.wall.Seconds() })
		br := pick(base.runs, func(m measurement) float64 { return float64(m.peakKiB) / 1024 })
		change := func(v, b []float64) string {
			if r.variant == "after" {
				return "–"
			}
			return fmt.Sprintf("%+.1f%%", 100*(med(v)-med(b))/med(b))
		}
		fmt.Fprintf(&w, "| %d | %s | %d | %.2f s | %.2f–%.2f s | %s | %.1f MiB | %.1f–%.1f MiB | %s | %.2f s |\n",
			r.n, variantLabel(r.variant), len(r.runs), med(walls), walls[0], walls[len(walls)-1], change(walls, bw),
			med(rss), rss[0], rss[len(rss)-1], change(rss, br), med(cpu))
	}
	return w.String()
}

func variantLabel(v string) string {
	switch v {
	case "after":
		return "as built"
	case "framework-floor":
		return "framework floor"
	}
	return strings.TrimPrefix(v, "off-") + " off"
}

// pick is f of each run, sorted.
func pick(ms []measurement, f func(measurement) float64) []float64 {
	v := make([]float64, len(ms))
	for i, m := range ms {
		v[i] = f(m)
	}
	slices.SortFunc(v, cmp.Compare[float64])
	return v
}

func med(sorted []float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[len(sorted)/2]
}
