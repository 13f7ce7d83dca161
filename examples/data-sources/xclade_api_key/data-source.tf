# The storefront's publishable token, looked up by the key's exact title
# (the lookup fails unless exactly one key has it). Publishable tokens are
# meant for browsers, but Terraform still treats them as sensitive.
data "xclade_api_key" "storefront" {
  title = "web storefront"
}

output "storefront_publishable_key" {
  value     = data.xclade_api_key.storefront.token
  sensitive = true
}

output "storefront_sales_channels" {
  value = data.xclade_api_key.storefront.sales_channel_ids
}

# A key by id, e.g. to refuse to deploy with a key that has been revoked.
# A secret key's token is never available here: the API shows it only once,
# when the key is created.
variable "backend_key_id" {
  type    = string
  default = "apk_01J0ABCDEFGHJKMNPQRSTVWXYZ"
}

data "xclade_api_key" "backend" {
  id = var.backend_key_id
}

check "backend_key_live" {
  assert {
    condition     = data.xclade_api_key.backend.revoked_at == null
    error_message = "The backend key ${data.xclade_api_key.backend.redacted} is revoked as of ${coalesce(data.xclade_api_key.backend.revoked_at, "(not revoked)")}."
  }
}
