terraform {
  required_providers {
    xclade = {
      source = "xclade/xclade"
    }
  }
}

# The recommended setup names the tenant and leaves every credential to the
# environment, e.g. XCLADE_API_KEY, so no secret is written in configuration:
#
#   export XCLADE_API_KEY=sk_...
#   terraform plan
provider "xclade" {
  tenant = "acme" # https://acme.api.myxclade.com
}
