# One key by name: an error unless exactly one key has it.
data "boltz_api_key" "ci" {
  name = "ci-pipeline"
}

output "ci_key_expires_at" {
  value = data.boltz_api_key.ci.expires_at
}
