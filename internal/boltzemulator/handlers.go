// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package boltzemulator

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// authenticate admits active admin keys only. Every key that authenticates
// gets last_used_at, also a workspace key that is then refused: it was used.
func (s *Server) authenticate(r *http.Request) *apiError {
	secret := r.Header.Get("x-api-key")
	if secret == "" {
		if strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			return errStatus(http.StatusUnauthorized, "Missing API key: send it in the x-api-key header, not Authorization")
		}
		return errStatus(http.StatusUnauthorized, "Missing API key")
	}
	st := &s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	k, ok := st.bySecret[sha256.Sum256([]byte(secret))]
	now := s.now()
	switch {
	case !ok:
		return errStatus(http.StatusUnauthorized, "Invalid API key")
	case k.revokedAt != nil:
		return errStatus(http.StatusUnauthorized, "API key has been revoked")
	case !k.active(now):
		return errStatus(http.StatusUnauthorized, "API key has expired")
	}
	k.lastUsedAt = &now
	if k.keyType != keyTypeAdmin {
		return errStatus(http.StatusForbidden, "This endpoint requires an admin API key")
	}
	return nil
}

// bodyLimit bounds what a create body may be; real ones are a few hundred
// bytes.
const bodyLimit = 1 << 20

func (s *Server) createHandler(w http.ResponseWriter, r *http.Request, _ string) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, bodyLimit+1))
	if err != nil {
		writeError(w, errStatus(http.StatusBadRequest, "Could not read the request body"))
		return
	}
	if len(raw) > bodyLimit {
		writeError(w, &apiError{status: http.StatusRequestEntityTooLarge, code: "bad_request", msg: "Request body too large"})
		return
	}
	spec, e := parseCreate(raw, s.ipsAsSent)
	if e != nil {
		writeError(w, e)
		return
	}
	k, secret, e := s.createKey(spec)
	if e != nil {
		writeError(w, e)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Key        string     `json:"key"`
		KeyDetails apiKeyJSON `json:"key_details"`
	}{secret, render(&k, k.createdAt)})
}

// maxLimit is the contract's upper bound for limit.
const maxLimit = 100

func (s *Server) listHandler(w http.ResponseWriter, r *http.Request, _ string) {
	q := r.URL.Query()
	limit := s.defaultPageSize
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		switch {
		case err != nil:
			writeError(w, errValidation([]FieldError{{"limit", "must be an integer"}}))
			return
		case n < 1 || n > maxLimit:
			writeError(w, errValidation([]FieldError{{"limit", "must be between 1 and 100"}}))
			return
		}
		limit = n
	}
	after, before := q.Get("after_id"), q.Get("before_id")
	if after != "" && before != "" {
		writeError(w, errStatus(http.StatusBadRequest, "after_id and before_id cannot be used together"))
		return
	}
	p, e := s.listKeys(q.Get("workspace_id"), limit, after, before)
	if e != nil {
		writeError(w, e)
		return
	}
	out := struct {
		Data    []apiKeyJSON `json:"data"`
		FirstID *string      `json:"first_id"`
		LastID  *string      `json:"last_id"`
		HasMore bool         `json:"has_more"`
	}{Data: p.items, HasMore: p.hasMore}
	if n := len(p.items); n > 0 {
		out.FirstID, out.LastID = &p.items[0].ID, &p.items[n-1].ID
	}
	writeJSON(w, http.StatusOK, out)
}

// revokeHandler ignores any body: the contract defines none.
func (s *Server) revokeHandler(w http.ResponseWriter, _ *http.Request, id string) {
	k, already, found := s.revokeKey(id)
	switch {
	case !found:
		writeError(w, errStatus(http.StatusNotFound, "API key "+id+" not found"))
	case already && s.revokeAgain != 0 && s.revokeAgain != http.StatusOK:
		e := errForStatus(s.revokeAgain)
		e.msg = "API key " + id + " is already revoked"
		writeError(w, e)
	default:
		writeJSON(w, http.StatusOK, k)
	}
}

var createFields = []string{"name", "allowed_ips", "expires_in_days", "mode", "workspace_id"}

// parseCreate validates the whole body and reports every problem at once,
// in the order of the contract's table, unknown fields last (sorted).
func parseCreate(raw []byte, ipsAsSent bool) (keySpec, *apiError) {
	spec := keySpec{keyType: keyTypeWorkspace, live: true}
	var fields map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&fields); err != nil || dec.More() {
		var probe any
		if json.Unmarshal(raw, &probe) == nil {
			// Well-formed JSON of the wrong shape is a validation problem.
			return spec, errValidation([]FieldError{{"body", "must be a JSON object"}})
		}
		return spec, errStatus(http.StatusBadRequest, "Request body is not valid JSON")
	}
	if fields == nil {
		return spec, errValidation([]FieldError{{"body", "must be a JSON object"}})
	}
	var problems []FieldError
	bad := func(field, msg string) { problems = append(problems, FieldError{field, msg}) }
	isNull := func(v json.RawMessage) bool { return string(bytes.TrimSpace(v)) == "null" }

	if v, ok := fields["name"]; !ok || isNull(v) {
		bad("name", "is required")
	} else if err := json.Unmarshal(v, &spec.name); err != nil {
		bad("name", "must be a string")
	} else if n := len([]rune(spec.name)); n < 1 || n > 255 {
		bad("name", "must be between 1 and 255 characters")
	}

	if v, ok := fields["allowed_ips"]; ok && !isNull(v) {
		var items []json.RawMessage
		if err := json.Unmarshal(v, &items); err != nil {
			bad("allowed_ips", "must be an array of IP addresses")
		}
		for i, item := range items {
			f := "allowed_ips[" + strconv.Itoa(i) + "]"
			var ip string
			if err := json.Unmarshal(item, &ip); err != nil {
				bad(f, "must be a string")
				continue
			}
			canon, msg := checkIP(ip)
			if msg != "" {
				bad(f, msg)
				continue
			}
			if ipsAsSent {
				canon = ip
			}
			spec.allowedIPs = append(spec.allowedIPs, canon)
		}
	}

	if v, ok := fields["expires_in_days"]; ok && !isNull(v) {
		// json.Number would also take "30" in quotes: only a bare number is
		// an integer.
		var n json.Number
		if t := bytes.TrimSpace(v); len(t) == 0 || t[0] == '"' {
			bad("expires_in_days", "must be an integer")
		} else if err := json.Unmarshal(t, &n); err != nil {
			bad("expires_in_days", "must be an integer")
		} else if d, err := strconv.ParseInt(n.String(), 10, 64); err != nil {
			bad("expires_in_days", "must be an integer")
		} else if d < 1 || d > 365 {
			bad("expires_in_days", "must be between 1 and 365")
		} else {
			spec.expiresInDays = int(d)
		}
	}

	if v, ok := fields["mode"]; ok && !isNull(v) {
		var m string
		if err := json.Unmarshal(v, &m); err != nil || (m != "live" && m != "test") {
			bad("mode", `must be one of "live", "test"`)
		} else {
			spec.live = m == "live"
		}
	}

	if v, ok := fields["workspace_id"]; ok && !isNull(v) {
		if err := json.Unmarshal(v, &spec.workspaceID); err != nil {
			bad("workspace_id", "must be a string")
		} else if spec.workspaceID == "" {
			bad("workspace_id", "must not be empty")
		}
	}

	var unknown []string
	for f := range fields {
		if !slices.Contains(createFields, f) {
			unknown = append(unknown, f)
		}
	}
	slices.Sort(unknown)
	for _, f := range unknown {
		bad(f, "is not a permitted field")
	}
	if problems != nil {
		return spec, errValidation(problems)
	}
	return spec, nil
}
