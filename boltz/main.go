// Command terraform-provider-boltz serves the Boltz Terraform provider.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/xclade/terraform-provider-xclade/internal/boltzprovider"
	"github.com/xclade/terraform-provider-xclade/internal/protocol"
	"github.com/xclade/terraform-provider-xclade/internal/runtimedefaults"
)

// version is set by goreleaser at release time.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	runtimedefaults.Apply()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	// The framework's server wrapped as the xclade provider's is (internal/protocol).
	if err := tf6server.Serve(boltzprovider.Address, protocol.New(boltzprovider.New(version)()), opts...); err != nil {
		log.Fatal(err.Error())
	}
}
