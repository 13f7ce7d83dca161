# Every secret key that still works: never revoked, or with a revocation
# scheduled in the future. Filters are applied by the server and the data
# source pages through all matches on its own.
data "xclade_api_keys" "live_secret" {
  type   = "secret"
  status = "active"
}

output "live_secret_keys" {
  description = "Live secret keys by id, shown in their redacted form (safe to print)."
  value       = { for k in data.xclade_api_keys.live_secret.api_keys : k.id => "${k.title} (${k.redacted})" }
}

# Live secret keys older than 90 days: candidates for rotation. A check block
# warns on every plan while there are any.
data "xclade_api_keys" "stale_secret" {
  type           = "secret"
  status         = "active"
  created_before = timeadd(plantimestamp(), "-2160h")
  order          = "created_at"
}

check "no_stale_secret_keys" {
  assert {
    condition     = data.xclade_api_keys.stale_secret.total == 0
    error_message = "${data.xclade_api_keys.stale_secret.total} secret key(s) are older than 90 days and still live: ${join(", ", data.xclade_api_keys.stale_secret.key_ids)}."
  }
}

# The five most recently created storefront keys (title or redacted form
# containing "storefront", any case); total counts all of them.
data "xclade_api_keys" "recent_storefront" {
  type        = "publishable"
  query       = "storefront"
  order       = "-created_at"
  max_results = 5
}

output "storefront_key_count" {
  value = data.xclade_api_keys.recent_storefront.total
}
