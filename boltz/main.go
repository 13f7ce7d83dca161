// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Command terraform-provider-boltz serves the Boltz Terraform provider.
package main

import (
	"flag"
	"log"

	"github.com/xclade/terraform-provider-xclade/internal/boltzprovider"
	"github.com/xclade/terraform-provider-xclade/internal/releasectx"
	"github.com/xclade/terraform-provider-xclade/internal/runtimedefaults"
)

// version is set by goreleaser at release time.
var version = "dev"

func main() {
	debug := flag.Bool("debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	runtimedefaults.Apply()
	if err := releasectx.Serve(boltzprovider.Address, boltzprovider.New(version)(), *debug); err != nil {
		log.Fatal(err.Error())
	}
}
