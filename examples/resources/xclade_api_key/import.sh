# Import an existing key by its id (apk_...). Find ids in the xclade admin or
# with the xclade_api_keys data source. A secret key's token cannot be read
# back from the API, so after import its token attribute is null.
terraform import xclade_api_key.storefront apk_01JBZ8X9W6Q3N4M5P7R2T8V0YC
