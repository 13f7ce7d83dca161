# Copyright (c) 2026 The terraform-provider-xclade authors
# SPDX-License-Identifier: MPL-2.0
# Release packaging, checked without signing or publishing.

# The platforms the Terraform Registry offers (the same as .goreleaser.yml).
RELEASE_PLATFORMS := darwin/amd64 darwin/arm64 freebsd/386 freebsd/amd64 freebsd/arm freebsd/arm64 \
                     linux/386 linux/amd64 linux/arm linux/arm64 windows/386 windows/amd64 windows/arm64

# For each provider, a snapshot release of every registry platform from its
# .goreleaser.yml into its dist directory, then a look at what the registry
# will be given. Without goreleaser (it could not be built) the platforms
# are cross-compiled with go build instead.
.PHONY: release-check $(call each,release-check)
release-check: $(call each,release-check)
$(call each,release-check): release-check-%:
	@if $(MAKE) --no-print-directory $(GORELEASER); then \
	  set -e; \
	  $(GORELEASER) check --config $(call pdir,$*)/.goreleaser.yml; \
	  $(GORELEASER) release --snapshot --clean --skip=sign,publish --config $(call pdir,$*)/.goreleaser.yml; \
	  $(MAKE) --no-print-directory release-verify-$*; \
	else \
	  echo "warning: goreleaser could not be built; cross-compiling the registry platforms with go build" >&2; \
	  $(MAKE) --no-print-directory release-crossbuild-$*; \
	fi

# What the registry reads from one provider's release: one zip per
# platform holding only the provider binary, and a SHA256SUMS that covers
# them all and the manifest (which goreleaser uploads with the release, not
# into the dist directory).
.PHONY: $(call each,release-verify)
$(call each,release-verify): release-verify-%:
	@set -euo pipefail; manifest=$(CURDIR)/$(call pdir,$*)/terraform-registry-manifest.json; cd $(call pdist,$*); \
	sums=$$(ls terraform-provider-$*_*_SHA256SUMS); \
	zips=$$(ls terraform-provider-$*_*.zip | wc -l); \
	[ "$$zips" -eq $(words $(RELEASE_PLATFORMS)) ] || { echo "error: $$zips zip archives, want $(words $(RELEASE_PLATFORMS))" >&2; exit 1; }; \
	[ "$$(grep -c '\.zip$$' "$$sums")" -eq "$$zips" ] || { echo "error: $$sums does not list every zip" >&2; exit 1; }; \
	sha256sum --quiet --strict --ignore-missing -c "$$sums"; \
	want=$$(sha256sum < "$$manifest" | cut -d' ' -f1); \
	grep -Eq "^$$want +terraform-provider-$*_.*_manifest\.json$$" "$$sums" || { echo "error: $$sums lacks the registry manifest as *_manifest.json" >&2; exit 1; }; \
	grep -q '"6.0"' "$$manifest" || { echo "error: the manifest does not declare protocol 6.0" >&2; exit 1; }; \
	command -v unzip >/dev/null || { echo "release-check: unzip not found, zip contents not checked" >&2; exit 0; }; \
	for z in terraform-provider-$*_*.zip; do \
	  n=$$(unzip -Z1 "$$z" | wc -l); name=$$(unzip -Z1 "$$z"); \
	  case "$$n:$$name" in 1:terraform-provider-$*_v*) ;; *) echo "error: $$z holds $$name" >&2; exit 1;; esac; \
	done; \
	echo "release-check: $*: $$zips platform zips and the manifest are in $$sums, checksums match"

.PHONY: $(call each,release-crossbuild)
$(call each,release-crossbuild): release-crossbuild-%:
	@set -e; rm -rf $(call pdist,$*)/crossbuild; \
	for p in $(RELEASE_PLATFORMS); do \
	  os=$${p%/*}; arch=$${p#*/}; ext=; [ "$$os" = windows ] && ext=.exe; \
	  echo "go build $* $$os/$$arch"; \
	  CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags "-s -w -X main.version=0.0.0-dev" \
	    -o $(call pdist,$*)/crossbuild/$${os}_$${arch}/terraform-provider-$*$$ext ./$(call pdir,$*); \
	done
