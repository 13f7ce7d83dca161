# A secret API key (sk_...), sent with HTTP Basic authentication. Secret keys
# do not expire until they are revoked: the usual choice for automation.
variable "xclade_api_key" {
  type      = string
  sensitive = true
}

provider "xclade" {
  tenant  = "acme"
  api_key = var.xclade_api_key
}
