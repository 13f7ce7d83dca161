# Link a storefront key to sales channels by name instead of hard-coded
# sc_… ids.
data "xclade_sales_channels" "web" {
  names = ["Default Sales Channel"]
}

resource "xclade_api_key" "storefront" {
  title             = "web storefront"
  type              = "publishable"
  sales_channel_ids = data.xclade_sales_channels.web.sales_channel_ids
}
