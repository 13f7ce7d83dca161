// Command terraform-provider-xclade serves the xclade Terraform provider.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"runtime/debug"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/xclade/terraform-provider-xclade/internal/provider"
)

// version is set by goreleaser at release time.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	tuneRuntime()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/xclade/xclade",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}

// tuneRuntime sets two defaults that make bench measured, each only when
// the user has not chosen otherwise:
//   - Without any TF_LOG setting Terraform discards the provider's logs, yet
//     the plugin SDK still formats them at TRACE: about 40% of the
//     provider's CPU on a large refresh. Turn the SDK's own logs off then;
//     TF_LOG (or TF_LOG_SDK*) brings them back.
//   - A soft memory limit keeps a refresh of thousands of keys under
//     100 MiB at a small cost in garbage collection. GOMEMLIMIT overrides it.
func tuneRuntime() {
	if os.Getenv("TF_LOG") == "" && os.Getenv("TF_LOG_PROVIDER") == "" && os.Getenv("TF_LOG_SDK") == "" {
		for _, v := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
			_ = os.Setenv(v, "off")
		}
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(64 << 20)
	}
}
