# Quickstart: a workspace key for a backend and a test-mode key for
# development. The provider reads its endpoint and admin key from the
# environment, so nothing secret is written here:
#
#   export BOLTZ_API_KEY=sk_bc_admin_live_...   # BOLTZ_BASE_URL too, for another server
#   terraform init && terraform apply
terraform {
  required_providers {
    boltz = {
      source = "xclade/boltz"
    }
  }
}

provider "boltz" {}

resource "boltz_api_key" "backend" {
  name            = "quickstart backend"
  expires_in_days = 90
  rotate_after    = "1440h"
}

resource "boltz_api_key" "dev" {
  name        = "quickstart dev"
  mode        = "test"
  allowed_ips = ["127.0.0.1", "::1"]
}

data "boltz_api_keys" "quickstart" {
  name_regex = "^quickstart "
  depends_on = [boltz_api_key.backend, boltz_api_key.dev]
}

output "backend_key_id" {
  value = boltz_api_key.backend.id
}

output "backend_key_prefix" {
  description = "The first 12 characters of the backend key: safe to print."
  value       = boltz_api_key.backend.key_prefix
}

output "backend_key" {
  value     = boltz_api_key.backend.key
  sensitive = true
}

output "quickstart_keys" {
  value = data.boltz_api_keys.quickstart.total
}
