// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"hash"
	"strings"
	"time"
)

// Tokens from POST /auth/user/emailpass are HS256 JWTs as issued by
// jsonwebtoken. Verification accepts what jsonwebtoken.verify accepts with a
// string secret (HS256/384/512), rejects expired or not-yet-valid tokens,
// and leaves the actor checks to the caller.

var b64url = base64.RawURLEncoding

func signJWT(secret []byte, claims ordered) string {
	header := b64url.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	payload := b64url.EncodeToString(appendJSON(nil, claims))
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(header + "." + payload))
	return header + "." + payload + "." + b64url.EncodeToString(mac.Sum(nil))
}

var errBadJWT = errors.New("invalid token")

func verifyJWT(secret []byte, token string, now time.Time) (map[string]any, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errBadJWT
	}
	hb, err := b64url.DecodeString(strings.TrimRight(parts[0], "="))
	if err != nil {
		return nil, errBadJWT
	}
	var header struct {
		Alg string `json:"alg"`
	}
	if json.Unmarshal(hb, &header) != nil {
		return nil, errBadJWT
	}
	var h func() hash.Hash
	switch header.Alg {
	case "HS256":
		h = sha256.New
	case "HS384":
		h = sha512.New384
	case "HS512":
		h = sha512.New
	default:
		return nil, errBadJWT
	}
	sig, err := b64url.DecodeString(strings.TrimRight(parts[2], "="))
	if err != nil {
		return nil, errBadJWT
	}
	mac := hmac.New(h, secret)
	mac.Write([]byte(parts[0] + "." + parts[1]))
	if !hmac.Equal(sig, mac.Sum(nil)) {
		return nil, errBadJWT
	}
	pb, err := b64url.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return nil, errBadJWT
	}
	var claims map[string]any
	if json.Unmarshal(pb, &claims) != nil || claims == nil {
		return nil, errBadJWT
	}
	sec := float64(now.Unix())
	if exp, ok := claims["exp"]; ok {
		f, isNum := exp.(float64)
		if !isNum || sec >= f {
			return nil, errBadJWT
		}
	}
	if nbf, ok := claims["nbf"]; ok {
		f, isNum := nbf.(float64)
		if !isNum || sec < f {
			return nil, errBadJWT
		}
	}
	return claims, nil
}
