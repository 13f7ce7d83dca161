# Incident response (Terraform 1.14+): revoke a leaked key at once, without
# changing any resource, configuration or state:
#
#   terraform apply -invoke=action.boltz_revoke_api_key.leaked
#
# Find the key's id with the boltz_api_keys data source (status = "any").
# Only that key is touched, even when others share its name; invoking again
# on a revoked key succeeds and says so.
action "boltz_revoke_api_key" "leaked" {
  config {
    id = "key_01J0ABCDEFGHJKMNPQRSTVWXYZ"
  }
}
