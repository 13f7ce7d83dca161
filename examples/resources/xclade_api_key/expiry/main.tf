# A key that the server revokes after 90 days even if Terraform never runs
# again, and that any plan after 60 days replaces first: the 30 days in
# between are the window for a rotation without downtime.
resource "xclade_api_key" "backend" {
  title        = "backend service"
  type         = "secret"
  rotate_after = "1440h" # 60 days
  expire_after = "2160h" # 90 days

  lifecycle {
    create_before_destroy = true
  }
}

output "backend_key_expires_at" {
  value = xclade_api_key.backend.expires_at
}
