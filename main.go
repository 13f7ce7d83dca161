// Command terraform-provider-xclade serves the xclade Terraform provider.
package main

import (
	"flag"
	"log"
	"os"
	"runtime/debug"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/xclade/terraform-provider-xclade/internal/protocol"
	"github.com/xclade/terraform-provider-xclade/internal/provider"
)

// version is set by goreleaser at release time.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	tuneRuntime()

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

// tuneRuntime sets three defaults that make bench measured, each only when
// the user has not chosen otherwise:
//   - Without any TF_LOG setting Terraform discards the provider's logs, yet
//     the plugin SDK still formats them at TRACE: about 40% of the
//     provider's CPU on a large refresh. Turn the SDK's own logs off then;
//     TF_LOG (or TF_LOG_SDK*) brings them back.
//   - The provider's live heap stays small (a few MiB, see
//     internal/protocol) while a large plan allocates gigabytes of short-lived
//     values, so the default GOGC=100 collects every few MiB. GOGC=400
//     collects a quarter as often; a soft memory limit of 64 MiB bounds the
//     heap whatever the percentage. GOGC and GOMEMLIMIT override them.
func tuneRuntime() {
	if os.Getenv("TF_LOG") == "" && os.Getenv("TF_LOG_PROVIDER") == "" && os.Getenv("TF_LOG_SDK") == "" {
		for _, v := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
			_ = os.Setenv(v, "off")
		}
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(64 << 20)
	}
}
