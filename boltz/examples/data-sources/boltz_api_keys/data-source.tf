# Every working key of the default workspace whose name starts with "ci-".
data "boltz_api_keys" "ci" {
  workspace_id = "ws_default"
  name_regex   = "^ci-"
  status       = "active"
}

output "ci_key_ids" {
  value = data.boltz_api_keys.ci.key_ids
}
