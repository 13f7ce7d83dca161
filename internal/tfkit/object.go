// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package tfkit

import (
	"context"
	"fmt"
	"reflect"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// ObjectValue is model, a struct of framework values tagged `tfsdk:"…"`
// like the framework's models, as a Terraform object of type typ. Which
// field fills which attribute is worked out once per struct type, from its
// tags, and kept: a data source that returns thousands of objects then
// converts each without the framework's per-call reflection (which
// compiles a regular expression for every field of every object). The
// framework's own conversion (types.ObjectValueFrom) gives the same value;
// each model's test checks it.
func ObjectValue(ctx context.Context, typ tftypes.Object, model any) (tftypes.Value, error) {
	v := reflect.Indirect(reflect.ValueOf(model))
	fields, err := fieldsOf(v.Type())
	if err != nil {
		return tftypes.Value{}, err
	}
	attrs := make(map[string]tftypes.Value, len(fields))
	for _, f := range fields {
		tv, err := v.FieldByIndex(f.index).Interface().(attr.Value).ToTerraformValue(ctx)
		if err != nil {
			return tftypes.Value{}, fmt.Errorf("%s: %w", f.name, err)
		}
		attrs[f.name] = tv
	}
	// NewValue panics on a value that does not fit its type.
	if err := tftypes.ValidateValue(typ, attrs); err != nil {
		return tftypes.Value{}, fmt.Errorf("%s as %s: %w", v.Type(), typ, err)
	}
	return tftypes.NewValue(typ, attrs), nil
}

// ObjectInto sets the fields of model, a pointer to a struct like
// ObjectValue's, from raw, a Terraform object of the framework type typ:
// the framework's tfsdk.State.Get for such a model, with the fields worked
// out once per type.
func ObjectInto(ctx context.Context, typ basetypes.ObjectType, raw tftypes.Value, model any) error {
	v := reflect.ValueOf(model)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return fmt.Errorf("ObjectInto needs a pointer to a model, not %T", model)
	}
	v = v.Elem()
	fields, err := fieldsOf(v.Type())
	if err != nil {
		return err
	}
	var attrs map[string]tftypes.Value
	if err := raw.As(&attrs); err != nil || attrs == nil {
		return fmt.Errorf("%s from %s: not a known object (%v)", v.Type(), raw, err)
	}
	if len(fields) != len(typ.AttrTypes) || len(attrs) != len(fields) {
		return fmt.Errorf("%s has %d tagged fields for an object type of %d attributes and a value of %d", v.Type(), len(fields), len(typ.AttrTypes), len(attrs))
	}
	for _, f := range fields {
		at, ok := typ.AttrTypes[f.name]
		if !ok {
			return fmt.Errorf("%s: the object type has no attribute %q", v.Type(), f.name)
		}
		av, err := at.ValueFromTerraform(ctx, attrs[f.name])
		if err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
		fv := v.FieldByIndex(f.index)
		if !reflect.TypeOf(av).AssignableTo(fv.Type()) {
			return fmt.Errorf("%s: a %T does not go into %s.%s (%s)", f.name, av, v.Type(), f.name, fv.Type())
		}
		fv.Set(reflect.ValueOf(av))
	}
	return nil
}

type field struct {
	index []int
	name  string
}

// fieldPlans holds each model type's []field.
var fieldPlans sync.Map

// fieldsOf is t's tagged fields, embedded structs' included.
func fieldsOf(t reflect.Type) ([]field, error) {
	if p, ok := fieldPlans.Load(t); ok {
		return p.([]field), nil
	}
	if t.Kind() != reflect.Struct {
		return nil, fmt.Errorf("a model is a struct, not %s", t)
	}
	attrValue := reflect.TypeFor[attr.Value]()
	var fields []field
	for _, f := range reflect.VisibleFields(t) {
		name := f.Tag.Get("tfsdk")
		switch {
		case name == "-", name == "" && f.Anonymous: // ignored, or an embedded model: its fields are listed too
			continue
		case name == "":
			return nil, fmt.Errorf("%s.%s has no tfsdk tag (the framework's rule: every field has one)", t, f.Name)
		}
		if !f.Type.Implements(attrValue) {
			return nil, fmt.Errorf("%s.%s (%s) is not a framework value", t, f.Name, f.Type)
		}
		fields = append(fields, field{index: f.Index, name: name})
	}
	fieldPlans.Store(t, fields)
	return fields, nil
}

// Model converts the values of one schema to and from its model structs
// with ObjectValue and ObjectInto: what tfsdk.State.Get and Set do, with
// the fields worked out once per model type instead of on every call.
// A refresh converts every resource's model several times (read, plan,
// validate); through the framework's reflection a refresh of xclade keys
// took a quarter more of the provider's CPU, and in one of two runs 16%
// more wall time at 3,000 keys (bench/results.md, "Speed devices").
type Model struct {
	typ basetypes.ObjectType
	tf  tftypes.Object
}

// NewModel is the Model of schema s (a resource/schema.Schema, say).
func NewModel(s interface{ Type() attr.Type }) *Model {
	typ := s.Type().(basetypes.ObjectType)
	return &Model{typ: typ, tf: typ.TerraformType(context.Background()).(tftypes.Object)}
}

// Type is the schema's object type.
func (c *Model) Type() basetypes.ObjectType { return c.typ }

// Of is raw as a Source, for Open.
func (c *Model) Of(raw tftypes.Value) Source { return modelSource{c, raw} }

type modelSource struct {
	c   *Model
	raw tftypes.Value
}

func (s modelSource) Get(ctx context.Context, target any) diag.Diagnostics {
	var diags diag.Diagnostics
	s.c.Read(ctx, s.raw, target, &diags)
	return diags
}

// Read sets the model target points to from raw, a state, plan or config.
func (c *Model) Read(ctx context.Context, raw tftypes.Value, target any, diags *diag.Diagnostics) {
	if err := ObjectInto(ctx, c.typ, raw, target); err != nil {
		diags.AddError("Provider bug: value conversion", "A value Terraform sent does not fit the model: "+err.Error()+
			". Please report this issue to the provider developers.")
	}
}

// Set stores model m in *raw (a state's or plan's Raw).
func (c *Model) Set(ctx context.Context, raw *tftypes.Value, m any, diags *diag.Diagnostics) {
	v, err := ObjectValue(ctx, c.tf, m)
	if err != nil {
		diags.AddError("Provider bug: value conversion", "The model does not fit the schema: "+err.Error()+
			". Please report this issue to the provider developers.")
		return
	}
	*raw = v
}

// FillUnknowns sets each field of the model dst points to that is unknown
// to the same field of src, a model of the same type: after an update that
// asked the API nothing, the computed values are those of the prior state.
func FillUnknowns(dst, src any) error {
	d, s := reflect.ValueOf(dst), reflect.ValueOf(src)
	if d.Kind() != reflect.Pointer || s.Kind() != reflect.Pointer || d.Type() != s.Type() {
		return fmt.Errorf("FillUnknowns needs two pointers to one model type, not %T and %T", dst, src)
	}
	fields, err := fieldsOf(d.Elem().Type())
	if err != nil {
		return err
	}
	for _, f := range fields {
		if fv := d.Elem().FieldByIndex(f.index); fv.Interface().(attr.Value).IsUnknown() {
			fv.Set(s.Elem().FieldByIndex(f.index))
		}
	}
	return nil
}
