# Terraform 1.5 and later: import with an import block, reviewed in a plan
# like any other change. The resource block must match the key: same title
# and type (a different type would replace the key).
import {
  to = xclade_api_key.legacy_storefront
  id = "apk_01JBZ8X9W6Q3N4M5P7R2T8V0YC"
}

resource "xclade_api_key" "legacy_storefront" {
  title = "legacy storefront"
  type  = "publishable"
}
