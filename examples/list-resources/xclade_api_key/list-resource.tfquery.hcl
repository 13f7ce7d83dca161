# keys.tfquery.hcl, beside a configuration that has the xclade provider.
# Terraform 1.14 and later:
#   terraform query                                 # lists what was found
#   terraform query -generate-config-out=keys.tf    # writes import blocks and resources
# Filters are applied by the server; only live keys are listed unless status
# says otherwise (revoked keys cannot be imported).

list "xclade_api_key" "storefront" {
  provider         = xclade
  include_resource = true # needed by -generate-config-out
  limit            = 500  # Terraform's default is 100

  config {
    type  = "publishable"
    query = "storefront" # title or redacted form contains it, any case
  }
}

# Secret keys created by CI before 2026, oldest first.
list "xclade_api_key" "old_ci" {
  provider = xclade

  config {
    type           = "secret"
    query          = "ci-"
    created_before = "2026-01-01T00:00:00Z"
    order          = "created_at"
  }
}
