# keys.tfquery.hcl, beside a configuration that has the boltz provider.
# Terraform 1.14 and later:
#   terraform query                                 # lists what was found
#   terraform query -generate-config-out=keys.tf    # writes import blocks and resources
# The filters are the boltz_api_keys data source's. Only live workspace keys
# are listed unless status or key_type say otherwise: the keys an import can
# take over.

list "boltz_api_key" "ci" {
  provider         = boltz
  include_resource = true # needed by -generate-config-out
  limit            = 500  # Terraform's default is 100

  config {
    workspace_id = "ws_sandbox"
    name_regex   = "^ci-"
  }
}

# Keys that no longer work (revoked or expired), for an audit.
list "boltz_api_key" "dead" {
  provider = boltz

  config {
    status = "inactive"
  }
}
