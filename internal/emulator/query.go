// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"slices"
	"strings"
	"time"
)

// This file turns a list request's query (already qs-parsed) into what
// Medusa's validateAndTransformQuery + MikroORM would make of it: paging,
// ordering and a filter tree evaluated with SQL semantics (NULLs never
// compare, ILIKE for q). Invalid values that only the database would reject
// (bad dates, a negative limit, an unknown order column) are remembered and
// answered with a 500 after validation has passed, as on a real server.

type paramKind int

const (
	pFields      paramKind = iota // z.string()
	pPaging                       // offset / limit
	pString                       // order, q
	pWithDeleted                  // booleanString, no-op (deletes are hard)
	pIn                           // string | string[] equality
	pEnum                         // nativeEnum
	pTime                         // createOperatorMap() over a timestamp column
	pBool                         // booleanString filter
	pLogic                        // $and / $or
)

type colKind int

const (
	colString colKind = iota
	colTime
	colBool
)

type paramSpec struct {
	name string
	kind paramKind
	enum []string
}

// listSchema describes one list endpoint: its accepted params in zod shape
// order, the columns it can order by, and the columns q searches.
type listSchema struct {
	params     []paramSpec
	known      map[string]bool
	columns    map[string]colKind
	searchable []string
}

// listParams are the query parameters of a Medusa list route, in the
// order the server validates them: the ones every list takes, own, then a
// time filter for each of times, then $and/$or.
func listParams(own []paramSpec, times ...string) []paramSpec {
	ps := []paramSpec{
		{name: "fields", kind: pFields},
		{name: "offset", kind: pPaging},
		{name: "limit", kind: pPaging},
		{name: "order", kind: pString},
		{name: "with_deleted", kind: pWithDeleted},
		{name: "q", kind: pString},
		{name: "id", kind: pIn},
	}
	ps = append(ps, own...)
	for _, t := range times {
		ps = append(ps, paramSpec{name: t, kind: pTime})
	}
	return append(ps, paramSpec{name: "$and", kind: pLogic}, paramSpec{name: "$or", kind: pLogic})
}

func newListSchema(params []paramSpec, columns map[string]colKind, searchable ...string) *listSchema {
	s := &listSchema{params: params, known: map[string]bool{}, columns: columns, searchable: searchable}
	for _, p := range params {
		s.known[p.name] = true
	}
	return s
}

// row gives the filter and sort code typed access to a record's columns;
// ok=false means SQL NULL.
type row interface {
	strCol(name string) (string, bool)
	timeCol(name string) (time.Time, bool)
	boolCol(name string) bool
}

type condKind int

const (
	cIn condKind = iota
	cQ
	cTime
	cBool
)

type timeOp struct {
	op   string     // $eq $ne $gt $gte $lt $lte $in $nin
	val  *time.Time // nil: NULL
	list []*time.Time
}

type cond struct {
	kind   condKind
	column string
	in     []string
	q      string // lower-cased ILIKE pattern without the surrounding %
	ops    []timeOp
	b      bool
}

type filterNode struct {
	conds []cond
	and   []*filterNode
	or    []*filterNode
}

type listQuery struct {
	fields *string
	offset float64
	limit  float64
	order  *string
	filter *filterNode
	// dbError: something the database would reject (500 after validation).
	dbError bool
}

func (s *listSchema) parse(q *jsObject, defaultLimit float64, now time.Time) (*listQuery, *apiError) {
	lq := &listQuery{offset: 0, limit: defaultLimit}
	is := &issues{}
	lq.filter = s.parseNode(q, nil, true, lq, is, now)
	is.unrecognized(unknownKeys(q, s.known))
	if e := is.err(); e != nil {
		return nil, e
	}
	return lq, nil
}

func (s *listSchema) parseNode(o *jsObject, parent []string, top bool, lq *listQuery, is *issues, now time.Time) *filterNode {
	n := &filterNode{}
	for _, spec := range s.params {
		v, ok := o.get(spec.name)
		if !ok {
			continue
		}
		p := path(parent, spec.name)
		switch spec.kind {
		case pFields:
			if str, ok := v.(string); !ok {
				is.wrongType(p, "string", v)
			} else if top {
				lq.fields = &str
			}
		case pPaging:
			if f, ok := pagingNumber(v, p, is); ok && top {
				if spec.name == "limit" {
					lq.limit = f
				} else {
					lq.offset = f
				}
			}
		case pString:
			str, ok := v.(string)
			if !ok {
				is.wrongType(p, "string", v)
				continue
			}
			if spec.name == "q" {
				if str != "" {
					n.conds = append(n.conds, cond{kind: cQ, q: strings.ToLower(str)})
				}
			} else if top {
				lq.order = &str
			}
		case pWithDeleted:
			booleanString(v, p, is)
		case pIn:
			if vals, ok := stringOrArray(v, p, is); ok {
				n.conds = append(n.conds, cond{kind: cIn, column: spec.name, in: vals})
			}
		case pEnum:
			if val, ok := enumValue(v, p, spec.enum, is); ok {
				n.conds = append(n.conds, cond{kind: cIn, column: spec.name, in: []string{val}})
			}
		case pBool:
			if b, ok := booleanString(v, p, is); ok {
				n.conds = append(n.conds, cond{kind: cBool, column: spec.name, b: b})
			}
		case pTime:
			if c, ok := parseOperatorMap(v, p, spec.name, lq, is, now); ok && len(c.ops) > 0 {
				n.conds = append(n.conds, c)
			}
		case pLogic:
			arr, ok := v.([]any)
			if !ok {
				is.wrongType(p, "array", v)
				continue
			}
			for i, e := range arr {
				eo, ok := e.(*jsObject)
				if !ok {
					is.wrongType(path(p, itoa(i)), "object", e)
					continue
				}
				sub := s.parseNode(eo, path(p, itoa(i)), false, lq, is, now)
				if spec.name == "$and" {
					n.and = append(n.and, sub)
				} else {
					n.or = append(n.or, sub)
				}
			}
		}
	}
	return n
}

// parseOperatorMap validates createOperatorMap()'s union: a string, an array
// of strings, or an object of operators (unknown operators are stripped by
// zod, so they are ignored). The literal "null" means SQL NULL.
func parseOperatorMap(v any, p []string, column string, lq *listQuery, is *issues, now time.Time) (cond, bool) {
	c := cond{kind: cTime, column: column}
	one := func(s string) *time.Time {
		if s == "null" {
			return nil
		}
		t, ok := parsePGTime(s, now)
		if !ok {
			lq.dbError = true
		}
		return &t
	}
	many := func(vals []any) []*time.Time {
		out := make([]*time.Time, len(vals))
		for i, e := range vals {
			out[i] = one(e.(string))
		}
		return out
	}
	allStrings := func(a []any) bool {
		for _, e := range a {
			if _, ok := e.(string); !ok {
				return false
			}
		}
		return true
	}
	switch x := v.(type) {
	case string:
		c.ops = append(c.ops, timeOp{op: "$eq", val: one(x)})
		return c, true
	case []any:
		if !allStrings(x) {
			is.wrongType(p, "string, string", v)
			return c, false
		}
		c.ops = append(c.ops, timeOp{op: "$in", list: many(x)})
		return c, true
	case *jsObject:
		good := true
		for _, op := range []string{"$eq", "$ne", "$in", "$nin", "$like", "$ilike", "$re", "$contains", "$gt", "$gte", "$lt", "$lte"} {
			ov, ok := x.get(op)
			if !ok {
				continue
			}
			switch ovx := ov.(type) {
			case string:
				switch op {
				case "$in", "$nin":
					is.wrongType(path(p, op), "array", ov)
					good = false
				case "$like", "$ilike", "$re", "$contains":
					// Pattern operators on a timestamp column: Postgres has
					// no such operator.
					lq.dbError = true
				default:
					c.ops = append(c.ops, timeOp{op: op, val: one(ovx)})
				}
			case []any:
				if !allStrings(ovx) {
					is.wrongType(path(p, op), "string", ov)
					good = false
					continue
				}
				switch op {
				case "$eq", "$in":
					c.ops = append(c.ops, timeOp{op: "$in", list: many(ovx)})
				case "$ne", "$nin":
					c.ops = append(c.ops, timeOp{op: "$nin", list: many(ovx)})
				default:
					is.wrongType(path(p, op), "string", ov)
					good = false
				}
			default:
				is.wrongType(path(p, op), "string", ov)
				good = false
			}
		}
		return c, good
	}
	is.wrongType(p, "object", v)
	return c, false
}

var (
	pgInfinity    = time.Date(294276, 12, 31, 23, 59, 59, 0, time.UTC)
	pgNegInfinity = time.Date(-4713, 1, 1, 0, 0, 0, 0, time.UTC)
)

// parsePGTime accepts the timestamptz spellings a client plausibly sends;
// Postgres would reject the rest (→ 500). Zone-less values are UTC, the
// server's time zone.
func parsePGTime(s string, now time.Time) (time.Time, bool) {
	s = strings.TrimSpace(s)
	now = now.UTC()
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	switch strings.ToLower(s) {
	case "now":
		return now.Round(time.Microsecond), true
	case "today":
		return midnight, true
	case "tomorrow":
		return midnight.AddDate(0, 0, 1), true
	case "yesterday":
		return midnight.AddDate(0, 0, -1), true
	case "epoch":
		return time.Unix(0, 0).UTC(), true
	case "infinity", "+infinity":
		return pgInfinity, true
	case "-infinity":
		return pgNegInfinity, true
	}
	if len(s) > 10 && (s[10] == ' ' || s[10] == 't') {
		s = s[:10] + "T" + s[11:]
	}
	if strings.HasSuffix(s, "z") {
		s = s[:len(s)-1] + "Z"
	}
	s = strings.Replace(s, " ", "", 1) // "…05 +01:00"
	for _, layout := range []string{
		"2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05Z07",
		"2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02",
	} {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t.UTC().Round(time.Microsecond), true
		}
	}
	return time.Time{}, false
}

func (n *filterNode) match(r row, searchable []string) bool {
	for i := range n.conds {
		if !n.conds[i].match(r, searchable) {
			return false
		}
	}
	for _, a := range n.and {
		if !a.match(r, searchable) {
			return false
		}
	}
	if len(n.or) > 0 {
		matched := false
		for _, o := range n.or {
			if o.match(r, searchable) {
				matched = true
				break
			}
		}
		if !matched {
			return false
		}
	}
	return true
}

func (c *cond) match(r row, searchable []string) bool {
	switch c.kind {
	case cIn:
		v, ok := r.strCol(c.column)
		if !ok {
			return false
		}
		for _, s := range c.in {
			if s == v {
				return true
			}
		}
		return false
	case cBool:
		return r.boolCol(c.column) == c.b
	case cQ:
		if lr, ok := r.(lowerRow); ok {
			for _, col := range searchable {
				if v, ok := lr.lowerCol(col); ok && ilikeContainsLower(v, c.q) {
					return true
				}
			}
			return false
		}
		for _, col := range searchable {
			if v, ok := r.strCol(col); ok && ilikeContains(v, c.q) {
				return true
			}
		}
		return false
	case cTime:
		v, ok := r.timeCol(c.column)
		for _, op := range c.ops {
			if !op.match(v, ok) {
				return false
			}
		}
		return true
	}
	return false
}

func (op *timeOp) match(v time.Time, notNull bool) bool {
	switch op.op {
	case "$eq":
		if op.val == nil {
			return !notNull
		}
		return notNull && v.Equal(*op.val)
	case "$ne":
		if op.val == nil {
			return notNull
		}
		return notNull && !v.Equal(*op.val)
	case "$in":
		for _, t := range op.list {
			if t != nil && notNull && v.Equal(*t) {
				return true
			}
		}
		return false
	case "$nin":
		if !notNull {
			return false
		}
		for _, t := range op.list {
			if t == nil || v.Equal(*t) {
				return false
			}
		}
		return true
	}
	if op.val == nil || !notNull {
		return false
	}
	switch op.op {
	case "$gt":
		return v.After(*op.val)
	case "$gte":
		return !v.Before(*op.val)
	case "$lt":
		return v.Before(*op.val)
	case "$lte":
		return !v.After(*op.val)
	}
	return false
}

// ilikeContains is `v ILIKE '%' || q || '%'`; q is already lower-case and
// keeps its own % and _ wildcards, as Medusa does not escape them.
func ilikeContains(v, q string) bool { return ilikeContainsLower(strings.ToLower(v), q) }

func ilikeContainsLower(lv, q string) bool {
	if !strings.ContainsAny(q, `%_\`) {
		return strings.Contains(lv, q)
	}
	return likeMatch([]rune(lv), []rune("%"+q+"%"))
}

// lowerRow is implemented by records that keep lower-cased copies of their
// searchable columns.
type lowerRow interface {
	lowerCol(name string) (string, bool)
}

// likeMatch is SQL LIKE over runes: % any run, _ one rune, \ escapes.
func likeMatch(s, p []rune) bool {
	si, pi := 0, 0
	starP, starS := -1, 0
	for si < len(s) {
		if pi < len(p) {
			switch {
			case p[pi] == '%':
				starP, starS = pi, si
				pi++
				continue
			case p[pi] == '_':
				si++
				pi++
				continue
			case p[pi] == '\\' && pi+1 < len(p):
				if p[pi+1] == s[si] {
					si++
					pi += 2
					continue
				}
			case p[pi] == s[si]:
				si++
				pi++
				continue
			}
		}
		if starP < 0 {
			return false
		}
		starS++
		si, pi = starS, starP+1
	}
	for pi < len(p) && p[pi] == '%' {
		pi++
	}
	return pi == len(p)
}

// resolveOrder validates `order` as MikroORM would: a single existing
// column, optionally prefixed by "-". ok=false means a 500.
func (s *listSchema) resolveOrder(order *string) (col string, desc bool, ok bool) {
	if order == nil {
		return "id", false, true
	}
	o := *order
	if strings.HasPrefix(o, "-") {
		// Medusa takes order.split("-")[1].
		desc = true
		o = strings.SplitN(o, "-", 3)[1]
	}
	if _, known := s.columns[o]; !known {
		return "", false, false
	}
	return o, desc, true
}

// pageBounds validates offset/limit as Postgres would (negative or beyond
// bigint → error) and clamps them to n.
func pageBounds(offset, limit float64, n int) (from, to int, ok bool) {
	const maxBigint = 9.223372036854775807e18
	if offset < 0 || limit < 0 || offset > maxBigint || limit > maxBigint {
		return 0, 0, false
	}
	from = n
	if offset < float64(n) {
		from = int(offset)
	}
	to = n
	if float64(from)+limit < float64(n) {
		to = from + int(limit)
	}
	return from, to, true
}

// sortRows orders rows (given in id order) by one column. Ties keep id
// order; NULLs sort last ascending and first descending, as in Postgres.
// Sort keys are extracted once so that sorting 10k rows stays cheap.
// listRequest parses a list call's query and resolves its order, the steps
// every list endpoint shares. When ok is false the call has been answered
// with the error.
func (s *listSchema) listRequest(c *call, defaultLimit float64, now time.Time) (lq *listQuery, col string, desc, ok bool) {
	q, e := c.query()
	if e == nil {
		lq, e = s.parse(q, defaultLimit, now)
	}
	if e != nil {
		c.fail(e)
		return nil, "", false, false
	}
	col, desc, ok = s.resolveOrder(lq.order)
	if !ok || lq.dbError {
		c.fail(unknownError())
		return nil, "", false, false
	}
	return lq, col, desc, true
}

// listPage is what every list endpoint does before it writes its answer:
// it parses the query, projects the fields it asks for, and selects the
// page from the rows all returns, which render turns into the answer's
// body; both run under the store's read lock, and nothing is written to
// the client until it is released. When ok is false the call has been
// answered with the error.
func listPage[R row](s *Server, c *call, ls *listSchema, defaults []string, ent *entityDef,
	all func() []R, render func(page []R, p *projection)) (lq *listQuery, count int, ok bool) {
	lq, col, desc, ok := ls.listRequest(c, 20, s.clock())
	if !ok {
		return nil, 0, false
	}
	p := project(lq.fields, defaults, ent)
	s.st.mu.RLock()
	page, count, ok := selectPage(ls, all(), lq, col, desc)
	if ok {
		render(page, p)
	}
	s.st.mu.RUnlock()
	if !ok {
		c.fail(unknownError())
		return nil, 0, false
	}
	return lq, count, true
}

// selectPage filters rows, sorts the matches and cuts out the requested page,
// returning it with the number of matches. The caller holds the store's lock.
// ok is false for bounds the database would refuse.
func selectPage[R row](s *listSchema, rows []R, lq *listQuery, col string, desc bool) (page []R, count int, ok bool) {
	matches := make([]R, 0, 64)
	for _, r := range rows {
		if lq.filter.match(r, s.searchable) {
			matches = append(matches, r)
		}
	}
	from, to, ok := pageBounds(lq.offset, lq.limit, len(matches))
	if !ok {
		return nil, 0, false
	}
	sortRows(matches, col, s.columns[col], desc)
	return matches[from:to], len(matches), true
}

func sortRows[R row](rows []R, col string, kind colKind, desc bool) {
	if col == "id" {
		if desc {
			for i, j := 0, len(rows)-1; i < j; i, j = i+1, j-1 {
				rows[i], rows[j] = rows[j], rows[i]
			}
		}
		return
	}
	type sortKey struct {
		null bool
		t    time.Time
		s    string
		b    bool
		pos  int
	}
	keys := make([]sortKey, len(rows))
	for i, r := range rows {
		k := sortKey{pos: i}
		switch kind {
		case colTime:
			t, ok := r.timeCol(col)
			k.t, k.null = t, !ok
		case colBool:
			k.b = r.boolCol(col)
		default:
			str, ok := r.strCol(col)
			k.s, k.null = str, !ok
		}
		keys[i] = k
	}
	cmp := func(a, b *sortKey) int {
		switch {
		case a.null && b.null:
			return 0
		case a.null:
			return 1
		case b.null:
			return -1
		}
		switch kind {
		case colTime:
			return a.t.Compare(b.t)
		case colBool:
			switch {
			case a.b == b.b:
				return 0
			case !a.b:
				return -1
			}
			return 1
		}
		return strings.Compare(a.s, b.s)
	}
	slices.SortFunc(keys, func(a, b sortKey) int {
		c := cmp(&a, &b)
		if desc {
			c = -c
		}
		if c != 0 {
			return c
		}
		return a.pos - b.pos
	})
	sorted := make([]R, len(rows))
	for i, k := range keys {
		sorted[i] = rows[k.pos]
	}
	copy(rows, sorted)
}
