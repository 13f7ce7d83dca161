// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import "strings"

// The `fields` query parameter, as Medusa's prepareListQuery and the remote
// query interpret it: a list without +/-/* prefixes replaces the defaults,
// "+x" (or " x", since a literal '+' in a query string decodes to a space)
// adds, "-x" removes (a relation with its sub-fields), "*rel" / "rel.*" asks
// for every column of a relation, and names the entity does not have are
// silently dropped. "id" always comes back.

type entityDef struct {
	scalars   []string // definition order, used when a relation is selected whole
	isScalar  map[string]bool
	relations map[string]*entityDef
}

func newEntity(scalars ...string) *entityDef {
	e := &entityDef{scalars: scalars, isScalar: map[string]bool{}, relations: map[string]*entityDef{}}
	for _, s := range scalars {
		e.isScalar[s] = true
	}
	return e
}

type relProjection struct {
	name   string
	ent    *entityDef
	fields []string
	proj   *projection // how to render one related record
}

type projection struct {
	scalars []string
	set     map[string]bool
	rels    []relProjection
}

func (p *projection) has(f string) bool { return p.set[f] }

// orderedSet is a JavaScript Set of strings.
type orderedSet struct {
	items []string
	in    map[string]bool
}

func newOrderedSet(items ...string) *orderedSet {
	s := &orderedSet{in: map[string]bool{}}
	for _, it := range items {
		s.add(it)
	}
	return s
}

func (s *orderedSet) add(it string) {
	if !s.in[it] {
		s.in[it] = true
		s.items = append(s.items, it)
	}
}

func (s *orderedSet) remove(pred func(string) bool) {
	kept := s.items[:0]
	for _, it := range s.items {
		if pred(it) {
			delete(s.in, it)
		} else {
			kept = append(kept, it)
		}
	}
	s.items = kept
}

func project(fieldsParam *string, defaults []string, ent *entityDef) *projection {
	all := newOrderedSet(defaults...)
	if fieldsParam != nil {
		var custom []string
		for _, f := range strings.Split(*fieldsParam, ",") {
			if f != "" {
				custom = append(custom, f)
			}
		}
		replace := len(custom) == 0
		for _, f := range custom {
			// A plain name (no +, -, space or * prefix, no .* suffix)
			// replaces the defaults.
			if !strings.ContainsRune("+- *", rune(f[0])) && !strings.HasSuffix(f, ".*") {
				replace = true
			}
		}
		if replace {
			all = newOrderedSet()
			for _, f := range custom {
				if f[0] == '+' || f[0] == ' ' || f[0] == '-' {
					f = f[1:]
				}
				all.add(f)
			}
		} else {
			for _, f := range custom {
				switch f[0] {
				case '+', ' ':
					all.add(strings.TrimPrefix(strings.TrimSpace(f), "+"))
				case '-':
					name := f[1:]
					all.remove(func(it string) bool {
						it = strings.TrimPrefix(it, "*")
						return it == name || strings.HasPrefix(it, name+".")
					})
				default:
					all.add(f)
				}
			}
		}
		all.add("id")
	}

	p := &projection{set: map[string]bool{}}
	relIdx := map[string]int{}
	rel := func(name string) *relProjection {
		i, ok := relIdx[name]
		if !ok {
			i = len(p.rels)
			relIdx[name] = i
			p.rels = append(p.rels, relProjection{name: name, ent: ent.relations[name]})
		}
		return &p.rels[i]
	}
	full := map[string]bool{}
	for _, f := range all.items {
		switch {
		case strings.HasPrefix(f, "*") || strings.HasSuffix(f, ".*"):
			name := strings.TrimSuffix(strings.TrimPrefix(f, "*"), ".*")
			if ent.relations[name] != nil {
				rel(name)
				full[name] = true
			}
		case ent.isScalar[f]:
			if !p.set[f] {
				p.set[f] = true
				p.scalars = append(p.scalars, f)
			}
		case ent.relations[f] != nil:
			rel(f)
			full[f] = true
		default:
			name, sub, ok := strings.Cut(f, ".")
			if re := ent.relations[name]; ok && re != nil {
				r := rel(name)
				if re.isScalar[sub] && !contains(r.fields, sub) {
					r.fields = append(r.fields, sub)
				}
			}
		}
	}
	for i := range p.rels {
		r := &p.rels[i]
		if full[r.name] {
			r.fields = r.ent.scalars
		}
		r.proj = &projection{scalars: r.fields, set: map[string]bool{}}
		for _, f := range r.fields {
			r.proj.set[f] = true
		}
	}
	return p
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
