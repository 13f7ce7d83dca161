# Terraform 1.10 and later. The key exists only while Terraform runs and is
# never written to the state or plan file: Terraform creates it when the run
# needs it and revokes (here: also deletes) it when the run is done. ttl makes
# the server revoke it on its own after 30 minutes even if the run crashes.
ephemeral "xclade_api_key" "deploy" {
  title           = "terraform run (short-lived)"
  type            = "secret"
  ttl             = "30m"
  delete_on_close = true
}

# An ephemeral value may configure a provider. This provider configuration
# acts with the short-lived key; the endpoint comes from XCLADE_TENANT or
# XCLADE_BASE_URL.
provider "xclade" {
  alias   = "short_lived"
  api_key = ephemeral.xclade_api_key.deploy.token
}

resource "xclade_api_key" "storefront" {
  provider = xclade.short_lived

  title = "web storefront"
  type  = "publishable"
}
