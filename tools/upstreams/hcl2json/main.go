// hcl2json parses Terraform configuration with HashiCorp's own HCL parser
// (github.com/hashicorp/hcl/v2, the parser Terraform uses) and prints it as
// JSON for the template verification's static checks: every block with its
// labels and nested blocks, and every attribute with its source text, the
// references it makes (var.x, data.aws_iam_policy_document.y, …) and, when it
// can be known without a provider, its value.
//
// Values are evaluated like `terraform plan` would before any API call:
// var.* from the variables' defaults and the given .tfvars files (converted to
// the declared type, optional() defaults applied), local.* from the locals
// blocks, and a subset of Terraform's functions. Anything that needs a
// provider (data sources, resource attributes) is unknown unless given with
// -assume, and attributes whose value stays unknown carry no "value".
//
//	hcl2json [-var-file FILE]... [-assume JSON] FILE.tf...
//
// -assume takes a JSON object of extra root values, e.g.
// {"data":{"aws_msk_cluster":{"bus":{"arn":"arn:aws:kafka:…"}}}}.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

type attribute struct {
	Expr       string          `json:"expr"`
	Range      string          `json:"range"`
	References []string        `json:"references"`
	Value      json.RawMessage `json:"value,omitempty"`
}

type body struct {
	Attributes map[string]attribute `json:"attributes"`
	Blocks     []block              `json:"blocks"`
}

type block struct {
	Type   string   `json:"type"`
	Labels []string `json:"labels"`
	Range  string   `json:"range"`
	body
}

type diagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail,omitempty"`
	Range    string `json:"range,omitempty"`
}

type output struct {
	Files map[string]body `json:"files"`
	// Whether each file (.tf and .tfvars) is as `terraform fmt` would write
	// it: hclwrite's canonical layout, which terraform fmt applies.
	Formatted   map[string]bool            `json:"formatted"`
	Variables   map[string]json.RawMessage `json:"variables"`
	Locals      map[string]json.RawMessage `json:"locals"`
	Diagnostics []diagnostic               `json:"diagnostics"`
}

type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// Terraform's built-in functions that the checked modules use, by their Terraform names.
func functions() map[string]function.Function {
	return map[string]function.Function{
		"can":        tryfunc.CanFunc,
		"try":        tryfunc.TryFunc,
		"coalesce":   stdlib.CoalesceFunc,
		"compact":    stdlib.CompactFunc,
		"concat":     stdlib.ConcatFunc,
		"contains":   stdlib.ContainsFunc,
		"distinct":   stdlib.DistinctFunc,
		"flatten":    stdlib.FlattenFunc,
		"format":     stdlib.FormatFunc,
		"join":       stdlib.JoinFunc,
		"jsonencode": stdlib.JSONEncodeFunc,
		"keys":       stdlib.KeysFunc,
		"length":     stdlib.LengthFunc,
		"lookup":     stdlib.LookupFunc,
		"lower":      stdlib.LowerFunc,
		"merge":      stdlib.MergeFunc,
		"regex":      stdlib.RegexFunc,
		"replace":    stdlib.ReplaceFunc,
		"sort":       stdlib.SortFunc,
		"split":      stdlib.SplitFunc,
		"trimprefix": stdlib.TrimPrefixFunc,
		"trimsuffix": stdlib.TrimSuffixFunc,
		"upper":      stdlib.UpperFunc,
		"values":     stdlib.ValuesFunc,
		"tostring":   stdlib.MakeToFunc(cty.String),
		"tolist":     stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"toset":      stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)),
		"tomap":      stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
	}
}

func rangeString(r hcl.Range) string {
	return fmt.Sprintf("%s:%d", r.Filename, r.Start.Line)
}

func toDiagnostics(diags hcl.Diagnostics) []diagnostic {
	out := []diagnostic{}
	for _, d := range diags {
		severity := "error"
		if d.Severity == hcl.DiagWarning {
			severity = "warning"
		}
		entry := diagnostic{Severity: severity, Summary: d.Summary, Detail: d.Detail}
		if d.Subject != nil {
			entry.Range = rangeString(*d.Subject)
		}
		out = append(out, entry)
	}
	return out
}

func marshalKnown(v cty.Value) json.RawMessage {
	if !v.IsWhollyKnown() {
		return nil
	}
	raw, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		return nil
	}
	return raw
}

func traversalName(t hcl.Traversal) string {
	var b strings.Builder
	b.WriteString(t.RootName())
	for _, step := range t[1:] {
		switch s := step.(type) {
		case hcl.TraverseAttr:
			b.WriteString("." + s.Name)
		case hcl.TraverseIndex:
			b.WriteString("[" + string(marshalKnown(s.Key)) + "]")
		case hcl.TraverseSplat:
			b.WriteString("[*]")
		}
	}
	return b.String()
}

type converter struct {
	sources map[string][]byte
	ctx     *hcl.EvalContext
}

func (c *converter) source(r hcl.Range) string {
	src := c.sources[r.Filename]
	if r.End.Byte > len(src) {
		return ""
	}
	return string(src[r.Start.Byte:r.End.Byte])
}

func (c *converter) convertBody(b *hclsyntax.Body) body {
	out := body{Attributes: map[string]attribute{}, Blocks: []block{}}
	for name, attr := range b.Attributes {
		refs := []string{}
		for _, t := range attr.Expr.Variables() {
			refs = append(refs, traversalName(t))
		}
		sort.Strings(refs)
		entry := attribute{Expr: c.source(attr.Expr.Range()), Range: rangeString(attr.SrcRange), References: refs}
		if v, diags := attr.Expr.Value(c.ctx); !diags.HasErrors() {
			entry.Value = marshalKnown(v)
		}
		out.Attributes[name] = entry
	}
	for _, nested := range b.Blocks {
		out.Blocks = append(out.Blocks, block{
			Type:   nested.Type,
			Labels: append([]string{}, nested.Labels...),
			Range:  rangeString(nested.DefRange()),
			body:   c.convertBody(nested.Body),
		})
	}
	return out
}

// An unknown object for every root Terraform would resolve at plan or apply time.
var providerRoots = []string{"data", "path", "terraform", "each", "count", "self", "module"}

func main() {
	var varFiles stringList
	flag.Var(&varFiles, "var-file", "a .tfvars file (repeatable; later files win)")
	assume := flag.String("assume", "", "JSON object of extra root values (e.g. data source attributes)")
	flag.Parse()

	parser := hclparse.NewParser()
	var diags hcl.Diagnostics
	files := map[string]*hclsyntax.Body{}
	for _, name := range flag.Args() {
		f, d := parser.ParseHCLFile(name)
		diags = append(diags, d...)
		if f != nil {
			files[name] = f.Body.(*hclsyntax.Body)
		}
	}

	ctx := &hcl.EvalContext{Variables: map[string]cty.Value{}, Functions: functions()}
	for _, root := range providerRoots {
		ctx.Variables[root] = cty.DynamicVal
	}
	// Every resource type referenced as <type>.<name>.<attr> is a root too.
	for _, f := range files {
		for _, b := range f.Blocks {
			if b.Type == "resource" && len(b.Labels) == 2 {
				ctx.Variables[b.Labels[0]] = cty.DynamicVal
			}
		}
	}
	if *assume != "" {
		var assumed cty.Value
		ty, err := ctyjson.ImpliedType([]byte(*assume))
		if err == nil {
			assumed, err = ctyjson.Unmarshal([]byte(*assume), ty)
		}
		if err == nil {
			ctx.Variables = mergeRoots(ctx.Variables, assumed)
		} else {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "bad -assume JSON", Detail: err.Error()})
		}
	}

	given := map[string]cty.Value{}
	for _, name := range varFiles {
		f, d := parser.ParseHCLFile(name)
		diags = append(diags, d...)
		if f == nil {
			continue
		}
		attrs, d := f.Body.JustAttributes()
		diags = append(diags, d...)
		for key, attr := range attrs {
			v, d := attr.Expr.Value(nil)
			diags = append(diags, d...)
			given[key] = v
		}
	}

	variables := map[string]cty.Value{}
	for _, f := range files {
		for _, b := range f.Blocks {
			if b.Type != "variable" || len(b.Labels) != 1 {
				continue
			}
			name := b.Labels[0]
			ty, defaults := cty.DynamicPseudoType, (*typeexpr.Defaults)(nil)
			if attr, ok := b.Body.Attributes["type"]; ok {
				var d hcl.Diagnostics
				ty, defaults, d = typeexpr.TypeConstraintWithDefaults(attr.Expr)
				diags = append(diags, d...)
			}
			value, ok := given[name]
			if !ok {
				if attr, has := b.Body.Attributes["default"]; has {
					v, d := attr.Expr.Value(nil)
					diags = append(diags, d...)
					value = v
				} else {
					// Required and not given: known only at apply time.
					value = cty.UnknownVal(ty)
				}
			}
			if defaults != nil && value.IsKnown() && !value.IsNull() {
				value = defaults.Apply(value)
			}
			converted, err := convert.Convert(value, ty)
			if err != nil {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "invalid value for variable",
					Detail:   fmt.Sprintf("var.%s: %s", name, err),
					Subject:  b.DefRange().Ptr(),
				})
				converted = cty.UnknownVal(ty)
			}
			variables[name] = converted
		}
	}
	for name := range given {
		if _, declared := variables[name]; !declared {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "value for undeclared variable",
				Detail:   fmt.Sprintf("a .tfvars file sets %q, which no variable block declares", name),
			})
		}
	}
	ctx.Variables["var"] = cty.ObjectVal(variables)

	// Locals may use each other: evaluate until nothing more resolves.
	pending := map[string]*hclsyntax.Attribute{}
	for _, f := range files {
		for _, b := range f.Blocks {
			if b.Type == "locals" {
				for name, attr := range b.Body.Attributes {
					pending[name] = attr
				}
			}
		}
	}
	locals := map[string]cty.Value{}
	ctx.Variables["local"] = cty.ObjectVal(locals)
	for progress := true; progress && len(pending) > 0; {
		progress = false
		for name, attr := range pending {
			ready := true
			for _, t := range attr.Expr.Variables() {
				if t.RootName() == "local" {
					if step, ok := t[1].(hcl.TraverseAttr); ok {
						if _, done := locals[step.Name]; !done {
							ready = false
						}
					}
				}
			}
			if !ready {
				continue
			}
			v, d := attr.Expr.Value(ctx)
			if d.HasErrors() {
				v = cty.DynamicVal
			}
			locals[name] = v
			ctx.Variables["local"] = cty.ObjectVal(locals)
			delete(pending, name)
			progress = true
		}
	}
	for name, attr := range pending {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "local value cannot be resolved",
			Detail:   fmt.Sprintf("local.%s refers to locals that form a cycle or do not exist", name),
			Subject:  attr.SrcRange.Ptr(),
		})
	}
	ctx.Variables["local"] = cty.ObjectVal(locals)

	c := &converter{sources: map[string][]byte{}, ctx: ctx}
	for name, f := range parser.Files() {
		c.sources[name] = f.Bytes
	}
	out := output{
		Files:       map[string]body{},
		Formatted:   map[string]bool{},
		Variables:   map[string]json.RawMessage{},
		Locals:      map[string]json.RawMessage{},
		Diagnostics: toDiagnostics(diags),
	}
	for name, f := range files {
		out.Files[name] = c.convertBody(f)
	}
	for name, src := range c.sources {
		out.Formatted[name] = bytes.Equal(hclwrite.Format(src), src)
	}
	for name, v := range variables {
		out.Variables[name] = marshalKnown(v)
	}
	for name, v := range locals {
		out.Locals[name] = marshalKnown(v)
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", " ")
	if err := encoder.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if diags.HasErrors() {
		os.Exit(1)
	}
}

// mergeRoots lays the assumed values over the unknown roots, key by key, so
// that assuming data.aws_msk_cluster.bus leaves other data sources unknown.
func mergeRoots(roots map[string]cty.Value, assumed cty.Value) map[string]cty.Value {
	if !assumed.Type().IsObjectType() {
		return roots
	}
	for name, v := range assumed.AsValueMap() {
		roots[name] = overlay(roots[name], v)
	}
	return roots
}

func overlay(base, top cty.Value) cty.Value {
	if !top.Type().IsObjectType() {
		return top
	}
	fields := map[string]cty.Value{}
	if base != cty.NilVal && base.IsKnown() && base.Type().IsObjectType() {
		for k, v := range base.AsValueMap() {
			fields[k] = v
		}
	}
	for k, v := range top.AsValueMap() {
		fields[k] = overlay(fields[k], v)
	}
	// What was not assumed is absent from the object: an expression that
	// uses it fails to evaluate and its attribute simply carries no value.
	return cty.ObjectVal(fields)
}
