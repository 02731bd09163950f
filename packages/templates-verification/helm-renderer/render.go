package main

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/xeipuuv/gojsonschema"
	"sigs.k8s.io/yaml"
)

type RenderOptions struct {
	ChartDir    string
	ReleaseName string
	Namespace   string
	KubeVersion string
	ValueFiles  []string
	APIVersions []string
	SkipTests   bool
}

type RenderResult struct {
	Stream string
	Notes  string
	Values map[string]interface{}
}

// installOrder is Helm's releaseutil.InstallOrder.
var installOrder = []string{
	"PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange",
	"PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList",
	"ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim",
	"CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding",
	"ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service",
	"DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
	"HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress",
	"APIService", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
}

type manifest struct {
	name    string
	content string
	kind    string
	hook    string
}

func Render(opts RenderOptions) (*RenderResult, error) {
	chart, err := loadChart(opts.ChartDir)
	if err != nil {
		return nil, err
	}
	caps, err := newCapabilities(opts.KubeVersion, opts.APIVersions)
	if err != nil {
		return nil, err
	}
	if err := checkKubeVersion(chart.Metadata.KubeVersion, caps); err != nil {
		return nil, err
	}

	user := map[string]interface{}{}
	for _, file := range opts.ValueFiles {
		values, err := readValuesFile(file)
		if err != nil {
			return nil, err
		}
		user = mergeMaps(user, values)
	}
	values := coalesce(user, chart.Values)
	if err := validateSchema(chart, values); err != nil {
		return nil, err
	}

	top := map[string]interface{}{
		"Values": values,
		"Release": map[string]interface{}{
			"Name":      opts.ReleaseName,
			"Namespace": opts.Namespace,
			"Revision":  1,
			"IsUpgrade": false,
			"IsInstall": true,
			"Service":   "Helm",
		},
		"Chart":        chart.Metadata,
		"Capabilities": caps,
		"Files":        chart.Files,
	}
	rendered, err := renderTemplates(chart, top)
	if err != nil {
		return nil, err
	}

	notesName := path.Join(chart.Metadata.Name, "templates", "NOTES.txt")
	notes := rendered[notesName]
	delete(rendered, notesName)

	hooks, manifests, err := sortManifests(rendered)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	for _, m := range manifests {
		fmt.Fprintf(&b, "---\n# Source: %s\n%s\n", m.name, m.content)
	}
	for _, h := range hooks {
		if opts.SkipTests && strings.Contains(h.hook, "test") {
			continue
		}
		fmt.Fprintf(&b, "---\n# Source: %s\n%s\n", h.name, h.content)
	}
	return &RenderResult{Stream: b.String(), Notes: notes, Values: values}, nil
}

func validateSchema(chart *Chart, values map[string]interface{}) error {
	if len(chart.Schema) == 0 {
		return nil
	}
	result, err := gojsonschema.Validate(
		gojsonschema.NewBytesLoader(chart.Schema),
		gojsonschema.NewGoLoader(values),
	)
	if err != nil {
		return fmt.Errorf("values.schema.json of %s cannot be used: %w", chart.Metadata.Name, err)
	}
	if result.Valid() {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "values don't meet the specifications of the schema(s) in the following chart(s):\n%s:\n", chart.Metadata.Name)
	for _, e := range result.Errors() {
		fmt.Fprintf(&b, "- %s\n", e)
	}
	return fmt.Errorf("%s", b.String())
}

var separator = regexp.MustCompile(`(?:^|\s*\n)---\s*`)

type simpleHead struct {
	Kind     string `json:"kind"`
	Metadata *struct {
		Name        string            `json:"name"`
		Annotations map[string]string `json:"annotations"`
	} `json:"metadata"`
}

// sortManifests follows releaseutil.SortManifests: files in name order,
// documents in file order, hooks split out, then a stable sort by kind.
func sortManifests(files map[string]string) ([]manifest, []manifest, error) {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	var hooks, generic []manifest
	for _, name := range names {
		content := files[name]
		if strings.HasPrefix(path.Base(name), "_") || strings.TrimSpace(content) == "" {
			continue
		}
		for _, doc := range separator.Split(strings.TrimSpace(content), -1) {
			doc = strings.TrimSpace(doc)
			if doc == "" {
				continue
			}
			var head simpleHead
			if err := yaml.Unmarshal([]byte(doc), &head); err != nil {
				return nil, nil, fmt.Errorf("YAML parse error on %s: %w", name, err)
			}
			m := manifest{name: name, content: doc, kind: head.Kind}
			if head.Metadata != nil {
				m.hook = head.Metadata.Annotations["helm.sh/hook"]
			}
			if m.hook != "" {
				hooks = append(hooks, m)
			} else {
				generic = append(generic, m)
			}
		}
	}
	order := map[string]int{}
	for i, kind := range installOrder {
		order[kind] = i
	}
	less := func(list []manifest) func(i, j int) bool {
		return func(i, j int) bool {
			a, aok := order[list[i].kind]
			b, bok := order[list[j].kind]
			if !aok && !bok {
				return list[i].kind < list[j].kind
			}
			if !aok {
				return false
			}
			if !bok {
				return true
			}
			return a < b
		}
	}
	sort.SliceStable(generic, less(generic))
	sort.SliceStable(hooks, less(hooks))
	return hooks, generic, nil
}

var _ = strconv.Itoa
