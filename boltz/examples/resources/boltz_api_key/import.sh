# Import a key by its id (find ids with the boltz_api_keys data source).
# The secret cannot be imported: key stays null in state.
terraform import boltz_api_key.ci key_01J0ABCDEFGHJKMNPQRSTVWXYZ
