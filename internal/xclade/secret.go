// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package xclade

import "github.com/xclade/terraform-provider-xclade/internal/secret"

// Secret holds a credential or key material; it never prints its value.
type Secret = secret.Secret
