// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package xclade

import (
	"errors"
	"strings"

	"github.com/xclade/terraform-provider-xclade/internal/apiclient"
	"github.com/xclade/terraform-provider-xclade/internal/secret"
)

// Settings are the shared engine's knobs (apiclient.Settings).
type Settings = apiclient.Settings

// Defaults applied by New for zero Config fields (the shared engine's).
const (
	DefaultMaxRetries            = apiclient.DefaultMaxRetries
	DefaultRequestTimeout        = apiclient.DefaultRequestTimeout
	DefaultMinRetryDelay         = apiclient.DefaultMinRetryDelay
	DefaultMaxRetryDelay         = apiclient.DefaultMaxRetryDelay
	DefaultMaxConcurrentRequests = apiclient.DefaultMaxConcurrentRequests
)

// Config is everything New needs. Exactly one credential method must be set:
// APIKey (a secret key, sent with HTTP Basic), AccessToken (an admin JWT, sent
// as Bearer), or Email and Password (exchanged for a JWT, refreshed on 401).
type Config struct {
	BaseURL string
	// BaseURLSetting names where BaseURL came from, for errors, e.g.
	// "XCLADE_BASE_URL"; "" means base_url.
	BaseURLSetting string

	APIKey      Secret
	AccessToken Secret
	Email       string
	Password    Secret

	// Settings are the shared engine's: retries, timeouts, the cap on
	// requests in flight, transport security, logging.
	Settings

	// ReadCoalescing tunes how GetAPIKeyBatched serves many reads with few
	// requests (batch.go); Mode CoalescingOff switches it off. The zero
	// value is the default.
	ReadCoalescing ReadCoalescing
}

// AuthMethod names the credential method for messages, never the value.
func (c Config) AuthMethod() string {
	switch {
	case c.APIKey != "":
		return "secret API key " + RedactToken(c.APIKey.Reveal())
	case c.AccessToken != "":
		return "access token (JWT)"
	case c.Email != "":
		return "email/password login for " + c.Email
	}
	return "no credentials"
}

// RedactToken shortens a key the way the API's "redacted" field does
// (first 6 characters, ***, last 3), which the API treats as safe to show.
func RedactToken(token string) string { return secret.Redact(token) }

func (c *Config) validate() error {
	var errs []error
	methods := 0
	if c.APIKey != "" {
		methods++
		if !strings.HasPrefix(c.APIKey.Reveal(), "sk_") {
			errs = append(errs, errors.New("api_key (XCLADE_API_KEY) must be a secret API key (starting with sk_); publishable keys (pk_) cannot call the Admin API"))
		}
	}
	if c.AccessToken != "" {
		methods++
		if strings.HasPrefix(c.AccessToken.Reveal(), "sk_") {
			errs = append(errs, errors.New("token (XCLADE_TOKEN) holds a secret API key (sk_...): set it as api_key (XCLADE_API_KEY) instead, it is sent with HTTP Basic authentication"))
		}
	}
	if c.Email != "" || c.Password != "" {
		methods++
		if c.Email == "" || c.Password == "" {
			errs = append(errs, errors.New("email (XCLADE_EMAIL) and password (XCLADE_PASSWORD) must be set together"))
		}
	}
	switch {
	case methods == 0:
		errs = append(errs, errors.New("no credentials: set api_key (XCLADE_API_KEY), token (XCLADE_TOKEN), or email and password (XCLADE_EMAIL, XCLADE_PASSWORD)"))
	case methods > 1:
		errs = append(errs, errors.New("more than one credential method set: use only one of api_key, token, or email and password"))
	}
	if err := c.WithDefaults(); err != nil {
		errs = append(errs, err)
	}
	api := c.apiConfig()
	if c.BaseURL == "" {
		errs = append(errs, errors.New("base_url is empty: set base_url (XCLADE_BASE_URL) or tenant (XCLADE_TENANT)"))
	} else if _, err := api.ParseBaseURL(); err != nil {
		errs = append(errs, err)
	}
	if err := c.ReadCoalescing.validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// apiConfig is what the shared engine needs of c.
func (c *Config) apiConfig() apiclient.Config {
	return apiclient.Config{
		API: "xclade Admin API", BaseURL: c.BaseURL, BaseURLSetting: c.BaseURLSetting, StripPathSuffix: "/admin",
		Settings: c.Settings,
		// A token filter finds publishable keys by their (public) token;
		// kept out of logs all the same.
		SecretQueryParams: []string{"token"},
	}
}

// IsLoopbackHost reports whether host is localhost or a loopback address.
func IsLoopbackHost(host string) bool { return apiclient.IsLoopbackHost(host) }
