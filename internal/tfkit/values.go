// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package tfkit

import (
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// StringPtr is an optional API string as a Terraform value: null for nil.
func StringPtr(s *string) types.String {
	if s == nil {
		return types.StringNull()
	}
	return types.StringValue(*s)
}

// TimePtr is an optional API time rendered by format: null for nil.
func TimePtr(t *time.Time, format func(time.Time) timetypes.RFC3339) timetypes.RFC3339 {
	if t == nil {
		return timetypes.NewRFC3339Null()
	}
	return format(*t)
}

// ReadCACert reads the provider's ca_cert_file, if set; a file that cannot
// be read is an error on that attribute.
func ReadCACert(file types.String, diags *diag.Diagnostics) []byte {
	f := file.ValueString()
	if f == "" {
		return nil
	}
	pem, err := os.ReadFile(f)
	if err != nil {
		diags.AddAttributeError(path.Root("ca_cert_file"), "Cannot read ca_cert_file", err.Error())
	}
	return pem
}
