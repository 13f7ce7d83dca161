# Import a key by its id (find ids with the boltz_api_keys data source, or with
# terraform query and the boltz_api_key list resource).
# The secret cannot be imported: key stays null in state.
terraform import boltz_api_key.ci key_01J0ABCDEFGHJKMNPQRSTVWXYZ
