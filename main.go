// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Command terraform-provider-xclade serves the xclade Terraform provider.
package main

import (
	"flag"
	"log"

	"github.com/xclade/terraform-provider-xclade/internal/provider"
	"github.com/xclade/terraform-provider-xclade/internal/releasectx"
	"github.com/xclade/terraform-provider-xclade/internal/runtimedefaults"
)

// version is set by goreleaser at release time.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	runtimedefaults.Apply()
	// providerserver.Serve, with the framework's server wrapped so that it
	// does not keep every call's context (see internal/releasectx).
	if err := releasectx.Serve("registry.terraform.io/xclade/xclade", provider.New(version)(), debug); err != nil {
		log.Fatal(err.Error())
	}
}
