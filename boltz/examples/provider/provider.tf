terraform {
  required_providers {
    boltz = {
      source = "xclade/boltz"
    }
  }
}

# The admin key comes from BOLTZ_API_KEY; base_url defaults to https://api.boltz.bio.
provider "boltz" {}
