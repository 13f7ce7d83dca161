package provider

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// secretPatterns match key material and JWTs wherever they might surface in
// a log line, as a second line of defence behind never logging them.
var secretPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(sk|pk)_[0-9a-fA-F]{16,}`),
	regexp.MustCompile(`eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`),
}

// maskSecrets returns a context whose tflog output hides secrets.
func maskSecrets(ctx context.Context) context.Context {
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, "token", "api_key", "access_token", "password", "authorization", "Authorization")
	ctx = tflog.MaskAllFieldValuesRegexes(ctx, secretPatterns...)
	return tflog.MaskMessageRegexes(ctx, secretPatterns...)
}
