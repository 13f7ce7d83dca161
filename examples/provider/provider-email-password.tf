# An admin user's email and password: the provider logs in, and logs in again
# when the session expires, so long runs keep working.
variable "xclade_admin_password" {
  type      = string
  sensitive = true
  ephemeral = true # Terraform 1.10+: kept out of saved plan files too
}

provider "xclade" {
  tenant   = "acme"
  email    = "terraform@acme.example"
  password = var.xclade_admin_password
}
