# A key for a CI pipeline: usable only from its runners' addresses, rotated
# every 60 days, and expired by the server after 90 if Terraform never runs.
resource "boltz_api_key" "ci" {
  name            = "ci-pipeline"
  allowed_ips     = ["203.0.113.10", "2001:db8::10"]
  expires_in_days = 90
  rotate_after    = "1440h"
  mode            = "live"

  lifecycle {
    create_before_destroy = true
  }
}

# A test-mode key (synthetic data, no GPU cost) in another workspace.
resource "boltz_api_key" "sandbox" {
  name         = "sandbox"
  workspace_id = "ws_sandbox"
  mode         = "test"
}

output "ci_key_prefix" {
  value = boltz_api_key.ci.key_prefix
}
