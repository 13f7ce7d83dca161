// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"math"
	"net/http"
	"time"
)

// Handlers for /admin/api-keys. Each validates its body first, then its
// query (the order of Medusa's middlewares), then acts; responses after a
// change are re-reads with the request's `fields`, as upstream refetches.

var (
	apiKeyEntity = newEntity("id", "token", "redacted", "title", "type", "last_used_at", "created_by",
		"created_at", "revoked_by", "revoked_at", "updated_at", "deleted_at")
	salesChannelEntity = newEntity("id", "name", "description", "is_disabled", "metadata",
		"created_at", "updated_at", "deleted_at")
)

func init() {
	apiKeyEntity.relations["sales_channels"] = salesChannelEntity
	salesChannelEntity.relations["publishable_api_keys"] = apiKeyEntity
}

var apiKeyDefaults = []string{"id", "title", "token", "redacted", "type", "last_used_at", "updated_at",
	"created_at", "created_by", "revoked_at", "revoked_by", "sales_channels.id", "sales_channels.name"}

var apiKeyListSchema = newListSchema(listParams([]paramSpec{
	{name: "title", kind: pIn},
	{name: "token", kind: pIn},
	{name: "type", kind: pEnum, enum: keyTypes},
}, "created_at", "updated_at", "deleted_at", "revoked_at"), map[string]colKind{
	"id": colString, "token": colString, "redacted": colString, "title": colString, "type": colString,
	"created_by": colString, "revoked_by": colString, "last_used_at": colTime, "created_at": colTime,
	"updated_at": colTime, "revoked_at": colTime, "deleted_at": colTime,
}, "title", "redacted")

// scalar returns one column for a response. A secret key's token is blanked
// only when `type` is part of the selection: upstream decides on the loaded
// row's type, so without it the stored hash leaks (the documented pitfall).
func (k *apiKey) scalar(name string, blankSecret bool) any {
	switch name {
	case "id":
		return k.id
	case "token":
		if k.typ == typeSecret && blankSecret {
			return ""
		}
		return k.token
	case "redacted":
		return k.redacted
	case "title":
		return k.title
	case "type":
		return k.typ
	case "created_by":
		return k.createdBy
	case "revoked_by":
		return k.revokedBy
	case "revoked_at":
		return k.revokedAt
	case "created_at":
		return k.createdAt
	case "updated_at":
		return k.updatedAt
	}
	return nil // last_used_at, deleted_at
}

// renderKey needs the store's read lock (for sales channel names). It
// writes bytes directly: a page of a thousand keys is rendered per request.
func (s *Server) renderKey(k *apiKey, p *projection) rawJSON {
	return s.appendKey(make([]byte, 0, 512), k, p)
}

func (s *Server) appendKey(b []byte, k *apiKey, p *projection) []byte {
	blank := p.has("type")
	b = append(b, '{')
	for i, f := range p.scalars {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, f)
		b = append(b, ':')
		switch f {
		case "created_at":
			b = appendJSON(b, k.createdAt)
		case "updated_at":
			b = appendJSON(b, k.updatedAt)
		case "revoked_at":
			b = appendJSON(b, k.revokedAt)
		case "revoked_by":
			b = appendJSON(b, k.revokedBy)
		default:
			b = appendJSON(b, k.scalar(f, blank))
		}
	}
	for i := range p.rels {
		r := &p.rels[i]
		if r.name != "sales_channels" {
			continue
		}
		if len(p.scalars) > 0 {
			b = append(b, ',')
		}
		b = append(b, `"sales_channels":[`...)
		n := 0
		for _, id := range k.channels {
			if ch, ok := s.st.channels[id]; ok {
				if n > 0 {
					b = append(b, ',')
				}
				b = appendJSON(b, renderChannelScalars(ch, r.proj))
				n++
			}
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// renderKeyByID re-reads a key; nil when it does not exist (any more).
func (s *Server) renderKeyByID(id string, p *projection) any {
	return renderByID(s, s.st.keys, id, func(k *apiKey) any { return s.renderKey(k, p) })
}

// renderByID renders the record with id under the store's read lock; nil
// when it does not exist (any more).
func renderByID[T any](s *Server, records map[string]*T, id string, render func(*T) any) any {
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	if r, ok := records[id]; ok {
		return render(r)
	}
	return nil
}

// createShape is the module's own serialization, returned as-is by create:
// raw token, deleted_at, no sales_channels, `fields` ignored.
func createShape(k *apiKey, raw string) ordered {
	return ordered{
		{"id", k.id}, {"token", raw}, {"redacted", k.redacted}, {"title", k.title}, {"type", k.typ},
		{"last_used_at", nil}, {"created_by", k.createdBy}, {"revoked_by", k.revokedBy},
		{"revoked_at", k.revokedAt}, {"created_at", k.createdAt}, {"updated_at", k.updatedAt},
		{"deleted_at", nil},
	}
}

// respondKey answers {"api_key": …}, or {} when the key is gone: the
// handler's `{ api_key: undefined }` serializes to an empty object.
func (c *call) respondKey(v any) {
	if v == nil {
		c.writeJSON(http.StatusOK, ordered{})
		return
	}
	c.writeJSON(http.StatusOK, ordered{{"api_key", v}})
}

func (s *Server) listKeys(c *call) {
	var b []byte
	lq, count, ok := listPage(s, c, apiKeyListSchema, apiKeyDefaults, apiKeyEntity,
		func() []*apiKey { return s.st.keyList },
		func(page []*apiKey, p *projection) {
			b = make([]byte, 0, 64+len(page)*512)
			b = append(b, `{"api_keys":[`...)
			for i, k := range page {
				if i > 0 {
					b = append(b, ',')
				}
				b = s.appendKey(b, k, p)
			}
		})
	if !ok {
		return
	}
	b = append(b, `],"count":`...)
	b = appendJSON(b, count)
	b = append(b, `,"offset":`...)
	b = appendJSON(b, lq.offset)
	b = append(b, `,"limit":`...)
	b = appendJSON(b, lq.limit)
	b = append(b, '}')
	writeJSON(c.w, c.r, http.StatusOK, b)
}

func (s *Server) retrieveKey(c *call) {
	fields, e := c.selectParams()
	if e != nil {
		c.fail(e)
		return
	}
	v := s.renderKeyByID(c.id, project(fields, apiKeyDefaults, apiKeyEntity))
	if v == nil {
		c.fail(notFound("API Key with id: " + c.id + " was not found"))
		return
	}
	c.respondKey(v)
}

func (s *Server) createKeyHandler(c *call) {
	is := &issues{}
	var title, typ string
	if o := bodyObject(c.body, is); o != nil {
		title, _ = requireString(o, nil, "title", is)
		if v, ok := o.get("type"); ok {
			typ, _ = enumValue(v, []string{"type"}, keyTypes, is)
		} else {
			is.required([]string{"type"})
		}
		is.unrecognized(unknownKeys(o, map[string]bool{"title": true, "type": true}))
	}
	if _, ok := c.validated(is); !ok {
		return
	}
	k, raw, e := s.createKey(title, typ, c.actor.id)
	if e != nil {
		c.fail(e)
		return
	}
	c.respondKey(createShape(k, raw))
}

func (s *Server) updateKey(c *call) {
	is := &issues{}
	var title string
	if o := bodyObject(c.body, is); o != nil {
		title, _ = requireString(o, nil, "title", is)
		is.unrecognized(unknownKeys(o, map[string]bool{"title": true}))
	}
	fields, ok := c.validated(is)
	if !ok {
		return
	}
	if s.renameKey(c.id, title) == nil {
		c.respondKey(nil)
		return
	}
	c.respondKey(s.renderKeyByID(c.id, project(fields, apiKeyDefaults, apiKeyEntity)))
}

// maxJSDateMs is the largest time a JavaScript Date can hold.
const maxJSDateMs = 8.64e15

func (s *Server) revokeKeyHandler(c *call) {
	is := &issues{}
	revokeIn := 0.0
	if o := bodyObject(c.body, is); o != nil {
		if v, ok := o.get("revoke_in"); ok {
			if f, isNum := v.(float64); isNum {
				revokeIn = f
			} else {
				is.wrongType([]string{"revoke_in"}, "number", v)
			}
		}
		is.unrecognized(unknownKeys(o, map[string]bool{"revoke_in": true}))
	}
	fields, ok := c.validated(is)
	if !ok {
		return
	}
	// Upstream: d.setSeconds(d.getSeconds() + revoke_in), which truncates
	// fractions; values <= 0 mean now; beyond Date's range the database
	// rejects an invalid date.
	when := func(now time.Time) (time.Time, bool) {
		if !(revokeIn > 0) {
			return now, true
		}
		secs := math.Trunc(revokeIn)
		if float64(now.UnixMilli())+secs*1000 > maxJSDateMs {
			return time.Time{}, false
		}
		return time.Unix(now.Unix()+int64(secs), int64(now.Nanosecond())).UTC(), true
	}
	k, e := s.revokeKey(c.id, c.actor.id, when)
	if e != nil {
		c.fail(e)
		return
	}
	if k == nil {
		c.respondKey(nil)
		return
	}
	c.respondKey(s.renderKeyByID(c.id, project(fields, apiKeyDefaults, apiKeyEntity)))
}

func (s *Server) deleteKeyHandler(c *call) {
	if e := s.deleteKey(c.id, false); e != nil {
		c.fail(e)
		return
	}
	c.writeJSON(http.StatusOK, ordered{{"id", c.id}, {"object", "api_key"}, {"deleted", true}})
}

func (s *Server) linkChannelsHandler(c *call) {
	is := &issues{}
	var add, remove []string
	if o := bodyObject(c.body, is); o != nil {
		if v, ok := o.get("add"); ok {
			add, _ = stringArray(v, []string{"add"}, is)
		}
		if v, ok := o.get("remove"); ok {
			remove, _ = stringArray(v, []string{"remove"}, is)
		}
		is.unrecognized(unknownKeys(o, map[string]bool{"add": true, "remove": true}))
	}
	fields, ok := c.validated(is)
	if !ok {
		return
	}
	if e := s.linkChannels(c.id, add, remove); e != nil {
		c.fail(e)
		return
	}
	c.respondKey(s.renderKeyByID(c.id, project(fields, apiKeyDefaults, apiKeyEntity)))
}
