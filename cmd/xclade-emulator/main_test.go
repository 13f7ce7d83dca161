// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"bufio"
	"context"
	"encoding/base64"
	"github.com/xclade/terraform-provider-xclade/internal/emukit"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCheckLoopback(t *testing.T) {
	cases := map[string]bool{
		"127.0.0.1:0": true, "127.1.2.3:8080": true, "[::1]:0": true, "localhost:9000": true,
		"0.0.0.0:0": false, ":8080": false, "10.0.0.1:80": false, "[::]:0": false, "example.com:80": false, "nonsense": false,
	}
	for addr, ok := range cases {
		if err := emukit.CheckLoopback(addr); (err == nil) != ok {
			t.Errorf("%s: %v", addr, err)
		}
	}
}

func TestRefusesNonLoopback(t *testing.T) {
	err := run(context.Background(), []string{"-listen", "0.0.0.0:0"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Fatal(err)
	}
}

func TestRunServesAndShutsDown(t *testing.T) {
	envFile := filepath.Join(t.TempDir(), "xclade.env")
	pr, pw := io.Pipe()
	var logs strings.Builder
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-listen", "127.0.0.1:0", "-bootstrap-secret-key", "-env-file", envFile, "-v"}, pw, &logs)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var lines []string
	for len(lines) < 2 && sc.Scan() {
		lines = append(lines, sc.Text())
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "XCLADE_BASE_URL=http://127.0.0.1:") || !strings.HasPrefix(lines[1], "XCLADE_API_KEY=sk_") {
		t.Fatalf("output %q", lines)
	}
	file, err := os.ReadFile(envFile)
	if err != nil || string(file) != lines[0]+"\n"+lines[1]+"\n" {
		t.Fatalf("env file %q %v", file, err)
	}
	base := strings.TrimPrefix(lines[0], "XCLADE_BASE_URL=")
	sk := strings.TrimPrefix(lines[1], "XCLADE_API_KEY=")
	req, _ := http.NewRequest("GET", base+"/admin/api-keys?limit=1", nil)
	req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(sk+":")))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatal(res.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no shutdown")
	}
	// Reading logs is safe: the server goroutine has finished (done).
	if l := logs.String(); !strings.Contains(l, "GET /admin/api-keys 200") || strings.Contains(l, sk) || strings.Contains(l, "limit=") {
		t.Fatalf("logs %q", l)
	}
}
