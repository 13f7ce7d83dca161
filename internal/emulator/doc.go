// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Package emulator is an in-memory stand-in for xclade's Admin API (the
// Admin API of Medusa v2.21.2) as far as API keys, sales channels, the
// admin user and emailpass authentication go. It reproduces the observed
// contract in contracts/xclade-api.md down to status codes, message texts and
// quirks (200 {} for updating an unknown key, 500 for a bad `order`, the
// HTML 404 page, ...), so that the client and the provider can be tested
// without a real server. It keeps a fidelity only where the client or the
// differential check against a real Medusa depends on it: a malformed JSON
// body, which the client never sends, is a 400 invalid_data naming the
// position, not V8's exact message.
//
//	srv := emulator.New(emulator.WithClock(clock.Now))
//	hs := httptest.NewServer(srv)
//	key, _ := srv.CreateKey("ci", "secret") // key.Token authenticates (Basic)
//
// Besides the HTTP surface it offers out-of-band access (CreateKey,
// RevokeKey, ...), request accounting and fault injection for tests.
//
// Where the contract is silent the emulator follows Medusa's sources:
// qs-style query parsing and Medusa's normalisation (a one-element array
// such as id[]=a,b is split on commas), zod-style messages (at most three
// problems, shape order, unrecognized fields last), `fields` semantics from
// prepareListQuery, parseInt for limit/offset, SQL semantics for filters
// (NULL never compares; ILIKE wildcards in q are not escaped), Postgres
// NULL ordering, and byte-wise (C collation) string ordering.
package emulator
