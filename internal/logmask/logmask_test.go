// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package logmask

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func TestSecretsNeverReachTheLog(t *testing.T) {
	secrets := []string{
		"sk_531e9f03c8d8d95200f3a0e58b91ca477c6a72bb3de1d10498092bf7dcde2908",
		"pk_fd9461a04606f8bc7c182510b37ba8a36dd49ac4381f79a2f1751d0d44e09b7e",
		"sk_bc_admin_live_3f9a0c7d1e2b4a6c8d0e",
		"sk_bc_ws_test_a1b2c3d4e5f60718",
		"eyJhbGciOiJIUzI1NiIs.eyJhY3Rvcl9pZCI6InVzZXIi.c2lnbmF0dXJlLXZhbHVl",
	}
	var out bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &out)
	for _, s := range secrets {
		Logger{}.Debug(ctx, "answer "+s, map[string]any{"body": "{\"key\":\"" + s + "\"}", "key": s, "query": "token=" + s})
	}
	for _, s := range secrets {
		if strings.Contains(out.String(), s) {
			t.Errorf("the log shows %s…:\n%s", s[:10], out.String())
		}
	}
	if !strings.Contains(out.String(), "answer") {
		t.Fatalf("nothing was logged: %q", out.String())
	}
}
