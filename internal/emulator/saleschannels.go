// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import "net/http"

// /admin/sales-channels: enough of it to create channels, find their ids and
// look at a channel's publishable keys.

var salesChannelDefaults = []string{"id", "name", "description", "is_disabled", "created_at", "updated_at",
	"deleted_at", "metadata"}

var salesChannelListSchema = newListSchema(listParams([]paramSpec{
	{name: "name", kind: pIn},
	{name: "is_disabled", kind: pBool},
}, "created_at", "updated_at", "deleted_at"), map[string]colKind{
	"id": colString, "name": colString, "description": colString, "is_disabled": colBool,
	"created_at": colTime, "updated_at": colTime, "deleted_at": colTime,
}, "name", "description")

func renderChannelScalars(ch *salesChannel, p *projection) ordered {
	out := make(ordered, 0, len(p.scalars)+len(p.rels))
	for _, f := range p.scalars {
		var v any
		switch f {
		case "id":
			v = ch.id
		case "name":
			v = ch.name
		case "description":
			v = ch.description
		case "is_disabled":
			v = ch.isDisabled
		case "metadata":
			v = ch.metadata
		case "created_at":
			v = ch.createdAt
		case "updated_at":
			v = ch.updatedAt
		}
		out = append(out, field{f, v})
	}
	return out
}

// renderChannel needs the store's read lock.
func (s *Server) renderChannel(ch *salesChannel, p *projection) ordered {
	out := renderChannelScalars(ch, p)
	for i := range p.rels {
		r := &p.rels[i]
		if r.name != "publishable_api_keys" {
			continue
		}
		list := []rawJSON{}
		for _, k := range s.st.keyList {
			if contains(k.channels, ch.id) {
				list = append(list, s.renderKey(k, r.proj))
			}
		}
		out = append(out, field{"publishable_api_keys", list})
	}
	return out
}

func (s *Server) listChannels(c *call) {
	var page []ordered
	lq, count, ok := listPage(s, c, salesChannelListSchema, salesChannelDefaults, salesChannelEntity,
		func() []*salesChannel { return s.st.channelList },
		func(rows []*salesChannel, p *projection) {
			page = make([]ordered, 0, len(rows))
			for _, ch := range rows {
				page = append(page, s.renderChannel(ch, p))
			}
		})
	if !ok {
		return
	}
	c.writeJSON(http.StatusOK, ordered{
		{"sales_channels", page}, {"count", count}, {"offset", lq.offset}, {"limit", lq.limit},
	})
}

func (s *Server) retrieveChannel(c *call) {
	fields, e := c.selectParams()
	if e != nil {
		c.fail(e)
		return
	}
	if v := s.renderChannelByID(c.id, project(fields, salesChannelDefaults, salesChannelEntity)); v != nil {
		c.writeJSON(http.StatusOK, ordered{{"sales_channel", v}})
		return
	}
	c.fail(notFound("Sales channel with id: " + c.id + " was not found"))
}

func (s *Server) renderChannelByID(id string, p *projection) any {
	return renderByID(s, s.st.channels, id, func(ch *salesChannel) any { return s.renderChannel(ch, p) })
}

func (s *Server) createChannelHandler(c *call) {
	is := &issues{}
	var name string
	var desc *string
	var disabled bool
	var metadata any
	if o := bodyObject(c.body, is); o != nil {
		name, _ = requireString(o, nil, "name", is)
		if v, ok := o.get("description"); ok && v != nil {
			if str, isStr := v.(string); isStr {
				desc = &str
			} else {
				is.wrongType([]string{"description"}, "string", v)
			}
		}
		if v, ok := o.get("is_disabled"); ok {
			if b, isBool := v.(bool); isBool {
				disabled = b
			} else {
				is.wrongType([]string{"is_disabled"}, "boolean", v)
			}
		}
		if v, ok := o.get("metadata"); ok && v != nil {
			if _, isObj := v.(*jsObject); isObj {
				metadata = v
			} else {
				is.wrongType([]string{"metadata"}, "object", v)
			}
		}
		is.unrecognized(unknownKeys(o, map[string]bool{"name": true, "description": true, "is_disabled": true, "metadata": true}))
	}
	fields, ok := c.validated(is)
	if !ok {
		return
	}
	ch := s.createChannel(name, desc, disabled, metadata)
	c.writeJSON(http.StatusOK, ordered{{"sales_channel", s.renderChannelByID(ch.id, project(fields, salesChannelDefaults, salesChannelEntity))}})
}
