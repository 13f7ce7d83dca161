// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Choices where contracts/boltz-api.md says "not documented" (or says
// nothing), and why each is plausible. A client must cope with every
// plausible answer; the options marked "switchable" let its tests see the
// others.
//
//   - Revoking an already revoked key: 200 with the key again, revoked_at
//     unchanged (idempotent revoke, as the first revoke's answer).
//     Switchable: WithRevokeAgainStatus(409) or (400) answers conflict or
//     bad_request instead.
//   - Revoking an unknown id: 404 not_found, as the contract presumes.
//   - Expired keys: is_active is false once expires_at has passed (the same
//     state as revoked: the key can no longer be used), and such a key, like
//     a revoked one, answers 401 unauthorized when it authenticates.
//   - Default page size: 20 (WithDefaultPageSize changes it); the CLI always
//     sends 100, so only a client that omits limit sees it.
//   - Order: newest first. Ids are "key_" + a ULID, monotonic, so creation
//     order is id order and cursors are id comparisons.
//   - after_id pages towards older keys, before_id towards newer ones,
//     returning the limit keys nearest the cursor, newest first; has_more
//     says whether more keys lie beyond in the direction of travel (Stripe's
//     semantics, which the first_id/last_id/has_more shape copies). An empty
//     page has first_id and last_id null.
//   - limit outside 1–100 or not an integer: 422 VALIDATION_ERROR with
//     details (a query parameter failing validation, like a body field).
//   - after_id and before_id together: 400 bad_request. The SDK's auto-
//     paging keeps before_id and adds after_id, so it sends both when asked
//     to page a before_id list.
//   - An unknown cursor id: 400 bad_request (the cursor, not a resource, is
//     wrong). A cursor naming a key outside the workspace_id filter is
//     accepted: its position in the order is still well defined.
//   - An unknown workspace_id: 404 not_found on create (the body names a
//     resource that does not exist); 200 with an empty page on list (a
//     filter that matches nothing).
//   - Admin keys can be revoked through the API, also the caller's own key
//     (later requests with it answer 401); the contract forbids nothing.
//   - Names are not unique; whitespace-only names are accepted (1–255
//     characters, counted as Unicode code points).
//   - allowed_ips: single IPv4/IPv6 addresses only; CIDR ranges and zoned
//     addresses answer 422. They come back in canonical form ("2001:DB8::1"
//     → "2001:db8::1", order and duplicates kept). Switchable:
//     WithAllowedIPsAsSent echoes them verbatim. They are not enforced
//     against the caller's address (every caller is on loopback).
//   - expires_at is exactly created_at + N×24h, not rounded.
//   - Timestamps: RFC 3339, UTC ("Z"), microseconds, as a Postgres-backed
//     server renders them.
//   - last_used_at is set whenever a key authenticates, also by a request
//     that is then refused with 403 (the key was used).
//   - Create body: optional fields may be null (= omitted); expires_in_days
//     must be a bare JSON integer ("30", 30.5 and 1e1 answer 422); unknown
//     fields answer 422; a body that is not JSON answers 400 bad_request,
//     JSON that is not an object 422. Every problem is reported at once.
//   - details on 422: a list of {"field", "message"} in the contract's field
//     order, unknown fields last; the message repeats them, because SDKs
//     show only message.
//   - Authentication precedes validation: without a valid admin key the
//     answer is 401/403 whatever the body or query.
//   - Unknown paths answer 404 not_found; a known path with another method
//     405 method_not_allowed with Allow. Paths match exactly (no trailing
//     slash). A revoke body is ignored. 429 (faults only) uses the code
//     "rate_limited"; 5xx "internal_error".
//   - Test-mode admin keys see and manage live keys too: the contract has no
//     mode separation for key management.

// Package boltzemulator is an in-memory stand-in for the Boltz Compute
// API's three admin API-key endpoints (create, list, revoke), read
// independently from the contract in contracts/boltz-api.md, so that the Boltz
// client and provider can be tested without a Boltz server. It imports only
// the standard library.
//
//	srv := boltzemulator.New(boltzemulator.WithClock(clock.Now))
//	hs := httptest.NewServer(srv)
//	admin := srv.CreateAdminKey("ci", false) // admin.Secret goes in x-api-key
//
// Besides the HTTP surface it offers out-of-band access (CreateAdminKey,
// CreateWorkspaceKey, RevokeKey, ExpireKey, CreateWorkspace, Keys),
// request accounting and fault injection for tests, and a latency option
// for benchmarks. The choices it makes where the contract is silent are
// listed at the top of doc.go; sdk_conformance_test.go checks the
// emulator against the vendor's own TypeScript SDK.
package boltzemulator
