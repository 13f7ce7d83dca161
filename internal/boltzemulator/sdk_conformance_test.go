// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzemulator

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// sdkDir holds the conformance script and, once installed, the vendor's
// TypeScript SDK pinned by its package-lock.json.
const sdkDir = "../../scripts/boltz-sdk"

const sdkVersion = "0.14.1"

const installHint = "run `make boltz-sdk` (or `cd scripts/boltz-sdk && npm ci`) to install it"

// TestSDKConformance serves the emulator on 127.0.0.1 and lets the vendor's
// own SDK (boltz-compute-api) talk to it through scripts/boltz-sdk/
// conformance.mjs, once per plausible server the options can make. Like
// the acceptance tests it runs only with TF_ACC set (make test sets it and
// installs the SDK; make unit needs no npm); then it fails, never skips,
// without node or the SDK: an emulator unchecked against the vendor's
// encoding is what this test exists to prevent.
func TestSDKConformance(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("needs node and the Boltz SDK: set TF_ACC=1 (make test does, after installing the SDK)")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node (20 or later) is not on PATH; the SDK conformance check needs it and the SDK: %s", installHint)
	}
	pkg, err := os.ReadFile(filepath.Join(sdkDir, "node_modules", "boltz-compute-api", "package.json"))
	if err != nil {
		t.Fatalf("the Boltz TypeScript SDK is not installed in scripts/boltz-sdk/node_modules: %s", installHint)
	}
	var meta struct{ Version string }
	if json.Unmarshal(pkg, &meta) != nil || meta.Version != sdkVersion {
		t.Fatalf("scripts/boltz-sdk/node_modules has boltz-compute-api %q, want %s: %s", meta.Version, sdkVersion, installHint)
	}
	script, err := filepath.Abs(filepath.Join(sdkDir, "conformance.mjs"))
	if err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name        string
		opts        []Option
		revokeAgain int
	}{
		{"defaults", nil, 200},
		{"revoke-again-409", []Option{WithRevokeAgainStatus(409)}, 409},
		{"revoke-again-400, ips as sent, page size 3", []Option{WithRevokeAgainStatus(400), WithAllowedIPsAsSent(), WithDefaultPageSize(3)}, 400},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := New(c.opts...)
			hs := httptest.NewServer(srv) // listens on 127.0.0.1
			defer hs.Close()
			admin := srv.CreateAdminKey("sdk conformance", false)
			if err := srv.CreateWorkspace("ws_second"); err != nil {
				t.Fatal(err)
			}
			wsKey, err := srv.CreateWorkspaceKey(KeySpec{Name: "sdk conformance workspace key", WorkspaceID: "ws_second"})
			if err != nil {
				t.Fatal(err)
			}

			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, node, script)
			cmd.Dir = filepath.Dir(script)
			cmd.Env = append(envWithoutBoltz(),
				"BOLTZ_BASE_URL="+hs.URL,
				"BOLTZ_API_KEY="+admin.Secret,
				"BOLTZ_WORKSPACE_API_KEY="+wsKey.Secret,
				"BOLTZ_WORKSPACE_ID=ws_second",
				"BOLTZ_DEFAULT_WORKSPACE_ID="+DefaultWorkspaceID,
				"BOLTZ_EXPECT_REVOKE_AGAIN="+strconv.Itoa(c.revokeAgain),
			)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Run(); err != nil {
				t.Fatalf("the SDK conformance script failed (%v):\n%s", err, out.String())
			}
			for _, line := range strings.Split(out.String(), "\n") {
				if strings.HasPrefix(line, "info ") || strings.HasPrefix(line, "note ") {
					t.Log(line)
				}
			}
			// The SDK used only the contract's three routes.
			for route, n := range srv.RequestCounts() {
				if strings.HasSuffix(route, " *") {
					t.Errorf("the SDK sent %d request(s) to an unknown route: %s", n, route)
				}
			}
		})
	}
}

// envWithoutBoltz keeps the script from picking up a real server's
// settings (the SDK reads BOLTZ_COMPUTE_API_*).
func envWithoutBoltz() []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "BOLTZ_") {
			out = append(out, kv)
		}
	}
	return out
}
