package xclade

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// maxAnswerBytes bounds how much of an answer the client reads. The largest
// real answer, a page of 1,000 keys, is about 0.5 MiB; a variable so that a
// test can lower it.
var maxAnswerBytes int64 = 64 << 20

// answerTooLargeError is an answer cut off at maxAnswerBytes: reported as
// such, not as the JSON error the truncated body would cause.
type answerTooLargeError struct {
	method, path string
	status       int
	limit        int64
}

func (e *answerTooLargeError) Error() string {
	return fmt.Sprintf("%s %s: HTTP %d: the answer is larger than %s, more than any xclade Admin API answer; not read (check base_url or tenant)",
		e.method, e.path, e.status, formatBytes(e.limit))
}

func formatBytes(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// refuseRedirect is the CheckRedirect of every client this package uses.
// http.ErrUseLastResponse hands the 3xx answer back without following it.
func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// redirectError reports a 3xx answer. The Admin API never redirects, so a
// redirect means base_url (or tenant) points at something else: a proxy,
// a login page, a moved host. Following it would hand the credentials to
// whatever the Location names.
func redirectError(cl call, res *result) error {
	msg := "redirect without a Location, not followed"
	if res.location != "" {
		msg = "redirect to " + res.location + ", not followed"
	}
	return &APIError{StatusCode: res.status, Method: cl.method, Path: cl.path,
		Message: msg,
		Hint:    "the xclade Admin API never redirects: check base_url or tenant"}
}

// safeLocation shows where a redirect points without what its query,
// fragment or userinfo may carry (tokens, signed parameters).
func safeLocation(resp *http.Response) string {
	u, err := resp.Location()
	if errors.Is(err, http.ErrNoLocation) {
		return ""
	}
	if err != nil {
		return "an unparsable Location"
	}
	shown := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}
	s := shown.String()
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		s += " (query, fragment and userinfo not shown)"
	}
	return s
}
