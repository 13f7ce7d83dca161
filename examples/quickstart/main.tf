# Quickstart: one secret key for a backend and one publishable key for a
# storefront. The provider reads its endpoint and credentials from the
# environment, so nothing secret is written here:
#
#   export XCLADE_TENANT=acme        # or XCLADE_BASE_URL=https://...
#   export XCLADE_API_KEY=sk_...     # or XCLADE_TOKEN, or XCLADE_EMAIL + XCLADE_PASSWORD
#   terraform init && terraform apply
terraform {
  required_providers {
    xclade = {
      source = "xclade/xclade"
    }
  }
}

provider "xclade" {}

resource "xclade_api_key" "backend" {
  title = "quickstart backend"
  type  = "secret"
}

resource "xclade_api_key" "storefront" {
  title = "quickstart storefront"
  type  = "publishable"
}

output "backend_key_id" {
  value = xclade_api_key.backend.id
}

output "storefront_key_redacted" {
  description = "The storefront key, shortened: safe to print."
  value       = xclade_api_key.storefront.redacted
}

output "storefront_key" {
  value     = xclade_api_key.storefront.token
  sensitive = true
}
