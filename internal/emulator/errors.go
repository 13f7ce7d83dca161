// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"html"
	"net/http"
	"strings"
)

// apiError is an error response in Medusa's shapes. The field order of the
// JSON body differs between kinds of error on a real server, so it is kept.
type apiError struct {
	status int
	typ    string
	msg    string
	code   string
	// msgFirst: body-parser errors are rendered {"message","type"}, unlike
	// MedusaErrors ({"type","message"}).
	msgFirst bool
}

func (e *apiError) Error() string { return e.msg }

func (e *apiError) body() []byte {
	var o ordered
	switch {
	case e.typ == "":
		o = ordered{{"message", e.msg}}
	case e.code != "":
		o = ordered{{"code", e.code}, {"type", e.typ}, {"message", e.msg}}
	case e.msgFirst:
		o = ordered{{"message", e.msg}, {"type", e.typ}}
	default:
		o = ordered{{"type", e.typ}, {"message", e.msg}}
	}
	return appendJSON(nil, o)
}

func invalidData(msg string) *apiError {
	return &apiError{status: http.StatusBadRequest, typ: "invalid_data", msg: msg}
}

func notAllowed(msg string) *apiError {
	return &apiError{status: http.StatusBadRequest, typ: "not_allowed", msg: msg}
}

func notFound(msg string) *apiError {
	return &apiError{status: http.StatusNotFound, typ: "not_found", msg: msg}
}

// unknownError is what Medusa's error handler makes of anything that is not
// a MedusaError (SQL errors, TypeErrors): the details are only logged.
func unknownError() *apiError {
	return &apiError{status: http.StatusInternalServerError, code: "unknown_error", typ: "unknown_error", msg: "An unknown error occurred."}
}

func unauthorized() *apiError {
	return &apiError{status: http.StatusUnauthorized, msg: "Unauthorized"}
}

const bearerSecretKeyHint = "A secret API key was passed as a Bearer token. Secret API keys must be sent using HTTP Basic authentication instead (Authorization: Basic <secret-api-key>)."

func writeError(w http.ResponseWriter, r *http.Request, e *apiError) {
	writeJSON(w, r, e.status, e.body())
}

// writeNotFoundHTML is Express's finalhandler page for a path or method no
// route handles; clients must cope with a non-JSON error body.
func writeNotFoundHTML(w http.ResponseWriter, r *http.Request) {
	path := r.URL.EscapedPath()
	msg := "Cannot " + r.Method + " " + path
	page := "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>" +
		strings.ReplaceAll(html.EscapeString(msg), "&#34;", "&quot;") + "</pre>\n</body>\n</html>\n"
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		_, _ = w.Write([]byte(page))
	}
}
