// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
)

// Destroying a publishable key someone revoked already leaves its
// revocation as it is: revoking it again would move revoked_at and
// revoked_by, the key's audit trail.
func TestAccAPIKey_destroyKeepsAnEarlierRevocation(t *testing.T) {
	e := acctest.New(t)
	ids := acctest.IDs{}
	var revokedAt time.Time
	var revokedBy string
	cfg := keyConfig(e.Title("revoked-before-destroy"), "publishable", "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy: func(*terraform.State) error {
			k, err := e.Client.GetAPIKey(acctest.Context(t), ids[addr])
			if err != nil {
				return err
			}
			if k.RevokedAt == nil || !k.RevokedAt.Equal(revokedAt) || k.RevokedBy == nil || *k.RevokedBy != revokedBy {
				return fmt.Errorf("destroy rewrote the revocation: revoked_at %v by %v, was %s by %s", k.RevokedAt, derefOr(k.RevokedBy), revokedAt, revokedBy)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{ids.Capture(addr)}},
			{
				// Revoked after the last refresh: the plan sees it, the state
				// that destroy (without refresh) works from does not.
				PreConfig: acctest.Do(t, "revoke out of band", func(ctx context.Context) error {
					k, err := e.Client.RevokeAPIKey(ctx, ids[addr], 0)
					if err != nil {
						return err
					}
					revokedAt, revokedBy = *k.RevokedAt, *k.RevokedBy
					return nil
				}),
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

func derefOr(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}
