# Zero-downtime rotation of a secret key.
#
# When the key is due (rotate_after), or when key_generation changes, the next
# apply creates the new key first (create_before_destroy), hands it to its
# consumers, and only then destroys the old one: destroy schedules the old
# key's revocation revoke_delay later instead of revoking it at once, so
# clients that still hold it keep working while they pick up the new one.
#
# Needs a server on Medusa 2.11 or later: older servers allow only one active
# secret key at a time, so the new key cannot be created while the old one
# still works.
terraform {
  required_version = ">= 1.5"
  required_providers {
    xclade = {
      source = "xclade/xclade"
    }
  }
}

variable "key_generation" {
  description = "Change this value (e.g. increment it) to rotate the key now."
  type        = number
  default     = 1
}

resource "xclade_api_key" "backend" {
  title = "order-sync backend"
  type  = "secret"

  # Rotate every 30 days: once the key is older, the next plan replaces it.
  rotate_after = "720h"

  # Any change in keepers replaces the key too: an on-demand rotation.
  keepers = {
    generation = var.key_generation
  }

  # The old key keeps working for one hour after the new one exists.
  revoke_delay = "1h"

  lifecycle {
    create_before_destroy = true
  }
}

output "backend_key_id" {
  value = xclade_api_key.backend.id
}

output "backend_key_rotation_due_at" {
  description = "When the next plan will rotate the key."
  value       = xclade_api_key.backend.rotation_due_at
}

output "backend_key" {
  description = "Hand this to the backend, e.g. with a secret manager."
  value       = xclade_api_key.backend.token
  sensitive   = true
}
