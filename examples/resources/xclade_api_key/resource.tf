# A secret key (sk_...) for a backend service that calls the Admin API.
# Destroying it revokes it at once.
resource "xclade_api_key" "backend" {
  title = "order-sync backend"
  type  = "secret"
}

variable "storefront_sales_channel_ids" {
  description = "Sales channels (sc_...) the storefront sells through."
  type        = set(string)
  default     = []
}

# A publishable key (pk_...) for a storefront. Its token is not a secret in
# the browser, but it is still marked sensitive in Terraform.
resource "xclade_api_key" "storefront" {
  title = "web storefront"
  type  = "publishable"

  # The sales channels the key is linked to (publishable keys only). Leave
  # the argument out to manage the links elsewhere; [] unlinks every channel.
  sales_channel_ids = var.storefront_sales_channel_ids

  # When destroyed, keep the key working for 10 more minutes so a deploy
  # that switches keys does not break requests in flight.
  revoke_delay = "10m"
}

# A key for a one-off job that should leave no trace in the tenant's key list:
# revoked and then deleted on destroy.
resource "xclade_api_key" "migration" {
  title             = "catalog migration (temporary)"
  type              = "secret"
  delete_on_destroy = true
}

output "storefront_key" {
  description = "The publishable key to embed in the storefront build."
  value       = xclade_api_key.storefront.token
  sensitive   = true
}

output "backend_key_hint" {
  description = "Safe to print: the key's first and last characters."
  value       = xclade_api_key.backend.redacted
}
