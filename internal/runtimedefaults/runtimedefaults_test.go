// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package runtimedefaults

import (
	"reflect"
	"testing"
)

func TestApplyLeavesTheUsersChoices(t *testing.T) {
	for _, tc := range []struct {
		name    string
		env     []string
		wantSet map[string]string
		wantGC  int
	}{
		{"nothing set", []string{"PATH=/bin"},
			map[string]string{"TF_LOG_SDK": "off", "TF_LOG_SDK_PROTO": "off", "TF_LOG_SDK_FRAMEWORK": "off"}, 400},
		{"TF_LOG", []string{"TF_LOG=debug"}, map[string]string{}, 400},
		{"only the protocol log", []string{"TF_LOG_SDK_PROTO=trace"}, map[string]string{}, 400},
		{"TF_LOG_PATH alone", []string{"TF_LOG_PATH=/tmp/x"}, map[string]string{}, 400},
		{"an empty TF_LOG", []string{"TF_LOG="},
			map[string]string{"TF_LOG_SDK": "off", "TF_LOG_SDK_PROTO": "off", "TF_LOG_SDK_FRAMEWORK": "off"}, 400},
		{"GOGC", []string{"GOGC=50", "TF_LOG=info"}, map[string]string{}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set := map[string]string{}
			gc := 0
			apply(func() []string { return tc.env },
				func(k, v string) error { set[k] = v; return nil },
				func(p int) int { gc = p; return 100 })
			if !reflect.DeepEqual(set, tc.wantSet) || gc != tc.wantGC {
				t.Errorf("set %v, GOGC %d; want %v, %d", set, gc, tc.wantSet, tc.wantGC)
			}
		})
	}
}
