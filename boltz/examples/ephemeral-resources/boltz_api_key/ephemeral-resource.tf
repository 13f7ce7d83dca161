# A key for this run only: never in state, revoked when the run is done,
# and expired by the server within a day should the run die first.
ephemeral "boltz_api_key" "job" {
  name = "terraform-run"
  mode = "test"
}
