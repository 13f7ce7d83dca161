package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/xclade/terraform-provider-xclade/internal/acctest"
)

// import {} blocks plan a no-op import against a matching configuration,
// and -generate-config-out writes a configuration that imports cleanly.
func TestAccAPIKey_importBlock(t *testing.T) {
	for _, typ := range []string{"secret", "publishable"} {
		t.Run(typ, func(t *testing.T) {
			e := acctest.New(t)
			cfg := keyConfig(e.Title("import-"+typ), typ, "")
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.Factories(),
				CheckDestroy:             e.CheckDestroyRevoked,
				Steps: []resource.TestStep{
					{Config: cfg},
					{
						Config:          cfg,
						ResourceName:    addr,
						ImportState:     true,
						ImportStateKind: resource.ImportBlockWithID,
						ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
							plancheck.ExpectKnownValue(addr, tfjsonpath.New("revoke_delay"), knownvalue.StringExact("0s")),
							plancheck.ExpectKnownValue(addr, tfjsonpath.New("delete_on_destroy"), knownvalue.Bool(false)),
						}},
					},
					{
						ResourceName:    addr,
						ImportState:     true,
						ImportStateKind: resource.ImportBlockWithID,
						GenerateConfig:  true,
					},
				},
			})
		})
	}
}
