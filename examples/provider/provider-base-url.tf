# base_url instead of tenant: a custom domain, a server behind a private
# certificate authority, and tuned retries and timeouts.
provider "xclade" {
  base_url        = "https://admin.shop.acme.example"
  ca_cert_file    = "${path.module}/acme-root-ca.pem"
  max_retries     = 6
  request_timeout = "1m"
}
