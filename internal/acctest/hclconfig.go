// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package acctest

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Config is a Terraform configuration read with the HCL parser, for the
// tests that run the examples: what they need to know of a configuration
// (which blocks, which literal values) comes from its syntax tree, not
// from patterns over its text.
type Config struct {
	src  string
	body *hclsyntax.Body
}

// Block is one top-level block of a Config.
type Block struct {
	Type   string
	Labels []string
	body   *hclsyntax.Body
}

// ParseConfig parses src (one file, or a directory's files joined); a
// syntax error fails t.
func ParseConfig(t testing.TB, name, src string) Config {
	t.Helper()
	f, diags := hclsyntax.ParseConfig([]byte(src), name, hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("%s: %s", name, diags.Error())
	}
	return Config{src: src, body: f.Body.(*hclsyntax.Body)}
}

// Blocks is the top-level blocks of type typ whose labels start with
// labels (data "xclade_api_key": Blocks("data", "xclade_api_key")).
func (c Config) Blocks(typ string, labels ...string) []Block {
	var out []Block
	for _, b := range c.body.Blocks {
		if b.Type == typ && len(b.Labels) >= len(labels) && slices.Equal(b.Labels[:len(labels)], labels) {
			out = append(out, Block{Type: b.Type, Labels: b.Labels, body: b.Body})
		}
	}
	return out
}

// Calls reports whether a resource, data or ephemeral block has a type that
// starts with prefix (e.g. "xclade_"): whether Terraform calls the provider.
func (c Config) Calls(prefix string) bool {
	for _, b := range c.body.Blocks {
		switch b.Type {
		case "resource", "data", "ephemeral":
			if len(b.Labels) > 0 && strings.HasPrefix(b.Labels[0], prefix) {
				return true
			}
		}
	}
	return false
}

// Aliased reports whether a provider block for name sets alias.
func (c Config) Aliased(name string) bool {
	for _, b := range c.Blocks("provider", name) {
		if b.Has("alias") {
			return true
		}
	}
	return false
}

// Strings is every literal string in the configuration, each once.
func (c Config) Strings() []string { return literalStrings(c.body) }

// StringLiterals is every literal string value (no interpolation) of an
// attribute called attr, in any block, as written in the source (quoted),
// each once.
func (c Config) StringLiterals(attr string) []string {
	var out []string
	for _, a := range c.attributes(attr) {
		if _, ok := literal(a.Expr); ok {
			r := a.Expr.Range()
			if q := c.src[r.Start.Byte:r.End.Byte]; strings.HasPrefix(q, `"`) && !slices.Contains(out, q) {
				out = append(out, q)
			}
		}
	}
	return out
}

// Values is the value of every attribute called attr, in any block, that is
// a literal string, each once.
func (c Config) Values(attr string) []string {
	var out []string
	for _, a := range c.attributes(attr) {
		if v, ok := literal(a.Expr); ok && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// attributes is every attribute called name, in any block.
func (c Config) attributes(name string) []*hclsyntax.Attribute {
	var out []*hclsyntax.Attribute
	var walk func(*hclsyntax.Body)
	walk = func(body *hclsyntax.Body) {
		if a, ok := body.Attributes[name]; ok {
			out = append(out, a)
		}
		for _, b := range body.Blocks {
			walk(b.Body)
		}
	}
	walk(c.body)
	return out
}

// Without is the source without its top-level blocks of type blockType
// (e.g. "terraform", whose required_providers a test that serves the
// provider in process must not see).
func (c Config) Without(blockType string) string {
	src, cut := c.src, 0
	for _, b := range c.body.Blocks {
		if b.Type == blockType {
			r := b.Range()
			src = src[:r.Start.Byte-cut] + src[r.End.Byte-cut:]
			cut += r.End.Byte - r.Start.Byte
		}
	}
	return src
}

// Has reports whether the block sets attr.
func (b Block) Has(attr string) bool {
	_, ok := b.body.Attributes[attr]
	return ok
}

// Attributes is the names of the attributes the block sets, sorted.
func (b Block) Attributes() []string {
	var out []string
	for name := range b.body.Attributes {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// Blocks is the block's nested blocks of type typ (a list block's config).
func (b Block) Blocks(typ string) []Block {
	var out []Block
	for _, n := range b.body.Blocks {
		if n.Type == typ {
			out = append(out, Block{Type: n.Type, Labels: n.Labels, body: n.Body})
		}
	}
	return out
}

// Literal is attr's value when it is a literal string.
func (b Block) Literal(attr string) (string, bool) {
	a, ok := b.body.Attributes[attr]
	if !ok {
		return "", false
	}
	return literal(a.Expr)
}

// Strings is every literal string in the block, each once.
func (b Block) Strings() []string { return literalStrings(b.body) }

// Refs is the names the block's attributes reference under root (for an
// import block's to = xclade_api_key.k[0] and root "xclade_api_key": "k").
func (b Block) Refs(root string) []string {
	var out []string
	for _, a := range b.body.Attributes {
		for _, tr := range a.Expr.Variables() {
			if tr.RootName() != root || len(tr) < 2 {
				continue
			}
			if step, ok := tr[1].(hcl.TraverseAttr); ok && !slices.Contains(out, step.Name) {
				out = append(out, step.Name)
			}
		}
	}
	return out
}

// literal is expr's value when it is a string with no reference or call.
func literal(expr hclsyntax.Expression) (string, bool) {
	if len(expr.Variables()) > 0 {
		return "", false
	}
	v, diags := expr.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}

func literalStrings(body *hclsyntax.Body) []string {
	var out []string
	_ = hclsyntax.VisitAll(body, func(n hclsyntax.Node) hcl.Diagnostics {
		if e, ok := n.(*hclsyntax.TemplateExpr); ok {
			if s, ok := literal(e); ok && !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
		return nil
	})
	return out
}
