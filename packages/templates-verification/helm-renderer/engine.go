package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig/v3"
	"sigs.k8s.io/yaml"
)

const recursionMaxNums = 1000

// funcMap mirrors Helm's engine.funcMap plus the closures it adds per render.
func funcMap(root *template.Template, included map[string]int) template.FuncMap {
	f := sprig.TxtFuncMap()
	// Helm removes these so a chart cannot read the renderer's environment.
	delete(f, "env")
	delete(f, "expandenv")

	f["toYaml"] = func(v interface{}) string {
		data, err := yaml.Marshal(v)
		if err != nil {
			return ""
		}
		return strings.TrimSuffix(string(data), "\n")
	}
	f["fromYaml"] = func(str string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := yaml.Unmarshal([]byte(str), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	f["fromYamlArray"] = func(str string) []interface{} {
		a := []interface{}{}
		if err := yaml.Unmarshal([]byte(str), &a); err != nil {
			a = []interface{}{err.Error()}
		}
		return a
	}
	f["toJson"] = func(v interface{}) string {
		data, err := json.Marshal(v)
		if err != nil {
			return ""
		}
		return string(data)
	}
	f["fromJson"] = func(str string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := json.Unmarshal([]byte(str), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	f["fromJsonArray"] = func(str string) []interface{} {
		a := []interface{}{}
		if err := json.Unmarshal([]byte(str), &a); err != nil {
			a = []interface{}{err.Error()}
		}
		return a
	}
	f["required"] = func(warn string, val interface{}) (interface{}, error) {
		if val == nil {
			return val, fmt.Errorf("%s", warn)
		}
		if s, ok := val.(string); ok && s == "" {
			return val, fmt.Errorf("%s", warn)
		}
		return val, nil
	}
	// `helm template` has no cluster: lookup always returns an empty map.
	f["lookup"] = func(string, string, string, string) (map[string]interface{}, error) {
		return map[string]interface{}{}, nil
	}
	f["include"] = includeFunc(root, included)
	f["tpl"] = tplFunc(root, included)
	return f
}

// tplFunc mirrors Helm's tplFun: the text is parsed into a clone of the
// template set (so it can include the chart's named templates) and executed.
func tplFunc(parent *template.Template, included map[string]int) func(string, interface{}) (string, error) {
	return func(text string, vals interface{}) (string, error) {
		t, err := parent.Clone()
		if err != nil {
			return "", fmt.Errorf("cannot clone template: %w", err)
		}
		t.Option("missingkey=zero")
		t.Funcs(template.FuncMap{
			"include": includeFunc(t, included),
			"tpl":     tplFunc(t, included),
		})
		t, err = t.New(parent.Name()).Parse(text)
		if err != nil {
			return "", fmt.Errorf("cannot parse template %q: %w", text, err)
		}
		var buf strings.Builder
		if err := t.Execute(&buf, vals); err != nil {
			return "", fmt.Errorf("error during tpl function execution for %q: %w", text, err)
		}
		return strings.ReplaceAll(buf.String(), "<no value>", ""), nil
	}
}

func includeFunc(t *template.Template, included map[string]int) func(string, interface{}) (string, error) {
	return func(name string, data interface{}) (string, error) {
		var buf strings.Builder
		if included[name] > recursionMaxNums {
			return "", fmt.Errorf("rendering template has a nested reference name: %s", name)
		}
		included[name]++
		err := t.ExecuteTemplate(&buf, name, data)
		included[name]--
		return buf.String(), err
	}
}

// renderTemplates executes every non-partial file under templates/ (and
// NOTES.txt) with Helm's top-level object and returns name -> output.
func renderTemplates(chart *Chart, top map[string]interface{}) (map[string]string, error) {
	included := map[string]int{}
	root := template.New("gotpl")
	root.Option("missingkey=zero")
	root.Funcs(funcMap(root, included))

	names := make([]string, 0, len(chart.Templates))
	for name := range chart.Templates {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if _, err := root.New(name).Parse(chart.Templates[name]); err != nil {
			return nil, fmt.Errorf("parse error in %q: %w", name, err)
		}
	}

	out := map[string]string{}
	for _, name := range names {
		if strings.HasPrefix(path.Base(name), "_") {
			continue
		}
		vals := make(map[string]interface{}, len(top)+1)
		for k, v := range top {
			vals[k] = v
		}
		vals["Template"] = map[string]interface{}{
			"Name":     name,
			"BasePath": path.Join(chart.Metadata.Name, "templates"),
		}
		var buf strings.Builder
		if err := root.ExecuteTemplate(&buf, name, vals); err != nil {
			return nil, fmt.Errorf("%s", cleanupExecError(name, err))
		}
		out[name] = strings.ReplaceAll(buf.String(), "<no value>", "")
	}
	return out, nil
}

// cleanupExecError keeps the message of `fail` and `required` readable, the
// way Helm reports "execution error at (<file>:<line>:<col>): <message>".
func cleanupExecError(name string, err error) string {
	msg := err.Error()
	if idx := strings.Index(msg, "error calling "); idx >= 0 {
		if colon := strings.Index(msg[idx:], ": "); colon >= 0 {
			location := strings.TrimPrefix(strings.SplitN(msg, ": ", 2)[0], "template: ")
			return fmt.Sprintf("execution error at (%s): %s", location, msg[idx+colon+2:])
		}
	}
	return msg
}

// loadTemplates reads templates/ recursively, named like Helm names them.
func loadTemplates(chartDir, chartName string) (map[string]string, error) {
	templates := map[string]string{}
	base := filepath.Join(chartDir, "templates")
	err := filepath.Walk(base, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(chartDir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		templates[path.Join(chartName, filepath.ToSlash(rel))] = string(data)
		return nil
	})
	return templates, err
}
