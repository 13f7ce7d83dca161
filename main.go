// Command terraform-provider-xclade serves the xclade Terraform provider.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/xclade/terraform-provider-xclade/internal/protocol"
	"github.com/xclade/terraform-provider-xclade/internal/provider"
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
	// providerserver.Serve, with the framework's server wrapped so that it
	// does not keep every call's context (see internal/protocol).
	err := tf6server.Serve("registry.terraform.io/xclade/xclade", protocol.New(provider.New(version)()), opts...)
	if err != nil {
		log.Fatal(err.Error())
	}
}
