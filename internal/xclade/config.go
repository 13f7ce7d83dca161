package xclade

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults applied by New for zero Config fields.
const (
	DefaultMaxRetries     = 4
	DefaultRequestTimeout = 30 * time.Second
	DefaultMinRetryDelay  = 500 * time.Millisecond
	DefaultMaxRetryDelay  = 30 * time.Second
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

	// UserAgent names the caller, e.g. "terraform-provider-xclade/1.2.3".
	UserAgent string

	// MaxRetries bounds retries of one call; negative means none.
	MaxRetries int
	// RequestTimeout bounds each attempt, not the whole call: the caller's
	// context bounds the whole call.
	RequestTimeout time.Duration
	MinRetryDelay  time.Duration
	MaxRetryDelay  time.Duration

	// AllowInsecureHTTP permits http:// for hosts that are not loopback.
	AllowInsecureHTTP bool
	// CACertPEM adds private certificate authorities to the system pool.
	CACertPEM []byte

	// HTTPClient replaces the default transport (tests). Its Timeout should
	// be zero: RequestTimeout is applied per attempt. Its CheckRedirect is
	// not used: the client never follows a redirect.
	HTTPClient *http.Client

	Logger Logger

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
func RedactToken(token string) string {
	if len(token) < 12 {
		return "***"
	}
	return token[:6] + "***" + token[len(token)-3:]
}

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
	if _, err := c.baseURL(); err != nil {
		errs = append(errs, err)
	}
	if c.MaxRetries < 0 {
		c.MaxRetries = 0
	}
	if c.RequestTimeout == 0 {
		c.RequestTimeout = DefaultRequestTimeout
	}
	if c.MinRetryDelay == 0 {
		c.MinRetryDelay = DefaultMinRetryDelay
	}
	if c.MaxRetryDelay == 0 {
		c.MaxRetryDelay = DefaultMaxRetryDelay
	}
	if err := c.ReadCoalescing.validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// baseURL parses BaseURL and applies the transport security rules.
func (c *Config) baseURL() (*url.URL, error) {
	if c.BaseURL == "" {
		return nil, errors.New("base_url is empty: set base_url (XCLADE_BASE_URL) or tenant (XCLADE_TENANT)")
	}
	name := c.BaseURLSetting
	if name == "" {
		name = "base_url"
	}
	u, err := url.Parse(strings.TrimSpace(c.BaseURL))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("%s %q is not an absolute URL such as https://acme.api.myxclade.com", name, c.BaseURL)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !c.AllowInsecureHTTP && !IsLoopbackHost(u.Hostname()) {
			return nil, fmt.Errorf("%s %q uses plain http:// for a host that is not loopback; credentials would cross the network unencrypted: use https://, or set allow_insecure_http = true if you really mean it", name, c.BaseURL)
		}
	default:
		return nil, fmt.Errorf("%s %q must start with https:// (or http:// for a loopback emulator)", name, c.BaseURL)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%s %q must not contain a query or fragment", name, c.BaseURL)
	}
	// Accept ".../admin" too: users copy it from API docs.
	u.Path = strings.TrimSuffix(strings.TrimRight(u.Path, "/"), "/admin")
	return u, nil
}

// IsLoopbackHost reports whether host is localhost or a loopback address.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (c *Config) httpClient() (*http.Client, error) {
	if c.HTTPClient != nil {
		return c.HTTPClient, nil
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if len(c.CACertPEM) > 0 && !pool.AppendCertsFromPEM(c.CACertPEM) {
		return nil, errors.New("ca_cert_file holds no PEM certificate")
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: pool}
	transport.MaxIdleConnsPerHost = 32
	// Node's HTTP server (Medusa) closes idle connections after 5 s; letting
	// ours go sooner avoids sending a request down a socket being closed.
	transport.IdleConnTimeout = 4 * time.Second
	return &http.Client{Transport: transport}, nil
}
