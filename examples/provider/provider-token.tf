# An admin user's JWT, sent as a Bearer token. It expires 24 hours after it
# was issued and the provider cannot renew it: use it for one-off runs.
variable "xclade_token" {
  type      = string
  sensitive = true
  ephemeral = true # Terraform 1.10+: kept out of saved plan files too
}

provider "xclade" {
  tenant = "acme"
  token  = var.xclade_token
}
