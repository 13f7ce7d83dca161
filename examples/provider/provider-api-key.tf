# A secret API key (sk_...), sent with HTTP Basic authentication. Secret keys
# do not expire until they are revoked: the usual choice for automation.
variable "xclade_api_key" {
  type      = string
  sensitive = true
  ephemeral = true # Terraform 1.10+: kept out of saved plan files too
}

provider "xclade" {
  tenant  = "acme"
  api_key = var.xclade_api_key
}
