// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"encoding/json"
	"testing"
)

// Strings are written as Node's JSON.stringify writes them: the client
// reads titles back byte for byte, control characters included.
func TestAppendJSONStringWritesLikeJSONStringify(t *testing.T) {
	for in, want := range map[string]string{
		"plain <&> é":   `"plain <&> é"`,
		"q\"b\\":        `"q\"b\\"`,
		"\n\r\t\b\f":    `"\n\r\t\b\f"`,
		"\x00\x1f\x7f":  `"\u0000\u001f` + "\x7f" + `"`,
		"bad \xff byte": `"bad ` + "\ufffd" + ` byte"`,
	} {
		if got := string(appendJSONString(nil, in)); got != want {
			t.Errorf("appendJSONString(%q) = %s, want %s", in, got, want)
		}
	}
	var all []byte
	for c := range 128 {
		all = append(all, byte(c))
	}
	var back string
	if err := json.Unmarshal(appendJSONString(nil, string(all)), &back); err != nil || back != string(all) {
		t.Errorf("every ASCII character does not survive a round trip: %q, %v", back, err)
	}
}
