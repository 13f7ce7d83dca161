// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzprovider

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/xclade/terraform-provider-xclade/internal/tfkit"
)

// apiKeyValues converts boltz_api_key's values to and from apiKeyModel, as
// xclade_api_key's do (tfkit.Model: the framework's conversion by the
// tfsdk tags, the fields worked out once). TestAPIKeyModelMatchesFramework
// keeps it equal to the framework's.
var apiKeyValues = sync.OnceValue(func() *tfkit.Model {
	var resp resource.SchemaResponse
	(&apiKeyResource{}).Schema(context.Background(), resource.SchemaRequest{}, &resp)
	return tfkit.NewModel(resp.Schema)
})
