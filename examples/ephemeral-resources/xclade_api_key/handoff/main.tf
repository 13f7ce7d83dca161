# Terraform 1.10 and later. A key handed over to something that outlives
# the run: revoke_on_close = false leaves it working after the run, and the
# server revokes it at the end of its ttl. Every plan and every apply opens
# the ephemeral resource again and so mints another such key.
ephemeral "xclade_api_key" "ci" {
  title           = "ci pipeline (7 days)"
  type            = "secret"
  ttl             = "168h"
  revoke_on_close = false
}

# Here the key configures a second instance of this provider, which reads
# the tenant's live publishable keys with it. In real use the token would go
# to a write-only argument of a secret store instead (see the documentation).
provider "xclade" {
  alias   = "ci"
  api_key = ephemeral.xclade_api_key.ci.token
}

data "xclade_api_keys" "storefront" {
  provider = xclade.ci

  type   = "publishable"
  status = "active"
}

output "live_publishable_keys" {
  value = data.xclade_api_keys.storefront.total
}
