# Copyright (c) 2026 The terraform-provider-xclade authors
# SPDX-License-Identifier: MPL-2.0
# Measurements with a real Terraform: benchmarks against the emulators and a
# real Medusa, and load. Each writes its own section of bench/results.md.

# make bench: for each provider with a bench/cmd/NAME-bench, that command with
# BENCH_FLAGS_NAME (make bench-NAME for one).
# xclade (bench-xclade): a real terraform apply, plan (refresh) and destroy
# of N xclade_api_key next to N of Terraform's built-in terraform_data; the
# refresh before and after read coalescing and next to providers that do
# nothing with the same schema; the xclade_api_keys data source over 10,000
# keys. BENCH_N keys are created by terraform apply; BENCH_IMPORT_N keys are
# made in bulk and imported, then refreshed and destroyed. Each size is
# measured with every emulator latency of BENCH_LATENCY (FIXED+JITTER:
# 30ms+50ms is 30 to 80 ms a request, the real server's range). Writes the
# "Emulator" section and the README's Benchmarks section. About an hour on
# 2 cores; BENCH_N=10,100 BENCH_IMPORT_N= for a quick look.
# Boltz (bench-boltz): apply, refresh and destroy of BOLTZ_BENCH_N
# boltz_api_key against as many terraform_data, with the Boltz emulator's
# request counts per operation.
BENCH_N        ?= 10,100,1000
BENCH_IMPORT_N ?= 1000,3000,10000
BENCH_LATENCY  ?= 30ms+50ms,0
BENCH_ARGS     ?=
BOLTZ_BENCH_N  ?= 10,100,1000
BENCH_FLAGS_xclade = -n "$(BENCH_N)" -import-n "$(BENCH_IMPORT_N)" -latency "$(BENCH_LATENCY)" $(BENCH_ARGS)
BENCH_FLAGS_boltz  = -n "$(BOLTZ_BENCH_N)"
BENCHES := $(foreach p,$(PROVIDERS),$(if $(wildcard bench/cmd/$p-bench),bench-$p))
.PHONY: bench $(BENCHES)
bench: $(BENCHES)
$(BENCHES): bench-%: check-terraform
	$(GO) build -o $(BIN)/$*-bench ./bench/cmd/$*-bench
	$(BIN)/$*-bench $(BENCH_FLAGS_$*) -out bench/results.md

# The same against the real server in XCLADE_TEST_BASE_URL/XCLADE_TEST_API_KEY
# (make conformance starts a real Medusa and runs this): BENCH_MEDUSA_N keys
# made through the API 16 at a time, imported, refreshed and destroyed, the
# requests counted by a proxy; the keys are deleted afterwards. Writes the
# "Real Medusa" section.
BENCH_MEDUSA_N ?= 3000
.PHONY: bench-medusa
bench-medusa: check-terraform
	$(GO) build -o $(BIN)/xclade-bench ./bench/cmd/xclade-bench
	$(BIN)/xclade-bench -server medusa -n "" -import-n "$(BENCH_MEDUSA_N)" -keys 0 -refresh-runs 1 -out bench/results.md -section "Real Medusa" $(BENCH_ARGS)

# Go benchmarks, in process: the client's coalesced against plain reads of
# 1,000 keys and listing 10,000 keys by page size; the provider's calls for
# one resource in a refresh, and its read of xclade_api_keys over 10,000 keys
# (requests per operation reported).
.PHONY: bench-go
bench-go:
	$(GO) test -run '^$$' -bench . -benchtime 5x ./internal/xclade/ ./internal/provider/ ./bench/

# A real terraform apply and destroy of LOAD_N keys at -parallelism 10 and
# 50 against the server in XCLADE_TEST_* (make conformance starts a real
# Medusa and runs this against it; LOAD_ARGS=-emulator for the emulator
# limited like Medusa). Fails unless every key is revoked and the destroy at
# 50 takes at most 1.5 times the one at 10.
LOAD_N    ?= 300
LOAD_ARGS ?=
.PHONY: load
load: check-terraform
	$(GO) build -o $(BIN)/xclade-load ./bench/cmd/xclade-load
	$(BIN)/xclade-load -n $(LOAD_N) -parallelism 10,50 -out bench/results.md $(LOAD_ARGS)

# Fleet mode: LOAD_FLEET terraform processes at once against the same
# server (as many workspaces of one tenant in CI), each applying and then
# destroying LOAD_FLEET_N publishable keys at -parallelism=50. Fails unless
# every apply and destroy succeeds, no key is left live, and the destroys
# together take at most 3 minutes; writes the fleet table.
# LOAD_ARGS=-emulator as for load.
LOAD_FLEET   ?= 6
LOAD_FLEET_N ?= 60
.PHONY: load-fleet
load-fleet: check-terraform
	$(GO) build -o $(BIN)/xclade-load ./bench/cmd/xclade-load
	$(BIN)/xclade-load -fleet $(LOAD_FLEET) -n $(LOAD_FLEET_N) -parallelism 50 -out bench/results.md $(LOAD_ARGS)
