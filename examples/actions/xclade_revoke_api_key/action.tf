# Incident response (Terraform 1.14+): revoke a leaked key at once, without
# changing any resource, configuration or state:
#
#   terraform apply -invoke=action.xclade_revoke_api_key.leaked
#
# Find the key's id with the xclade_api_keys data source or terraform query
# (status = "any"). Only that key is touched, even when others share its
# title; invoking again on a revoked key succeeds and says so.
action "xclade_revoke_api_key" "leaked" {
  config {
    id = "apk_01J0ABCDEFGHJKMNPQRSTVWXYZ"
  }
}

# A key that must keep working a little longer (a deploy still rolling
# out with it): revoke_in schedules the revocation, like revoke_delay.
action "xclade_revoke_api_key" "retire" {
  config {
    id        = "apk_01J0ZYXWVTSRQPNMKJHGFEDCBA"
    revoke_in = "1h"
  }
}
