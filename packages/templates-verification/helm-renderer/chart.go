package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/Masterminds/semver/v3"
	"sigs.k8s.io/yaml"
)

// Metadata is Chart.yaml; field names match Helm's chart.Metadata so
// `.Chart.Name`, `.Chart.AppVersion` etc. resolve the same way.
type Metadata struct {
	Name         string                   `json:"name"`
	Home         string                   `json:"home,omitempty"`
	Sources      []string                 `json:"sources,omitempty"`
	Version      string                   `json:"version"`
	Description  string                   `json:"description,omitempty"`
	Keywords     []string                 `json:"keywords,omitempty"`
	Maintainers  []map[string]interface{} `json:"maintainers,omitempty"`
	Icon         string                   `json:"icon,omitempty"`
	APIVersion   string                   `json:"apiVersion"`
	Condition    string                   `json:"condition,omitempty"`
	Tags         string                   `json:"tags,omitempty"`
	AppVersion   string                   `json:"appVersion,omitempty"`
	Deprecated   bool                     `json:"deprecated,omitempty"`
	Annotations  map[string]string        `json:"annotations,omitempty"`
	KubeVersion  string                   `json:"kubeVersion,omitempty"`
	Dependencies []interface{}            `json:"dependencies,omitempty"`
	Type         string                   `json:"type,omitempty"`
}

type Chart struct {
	Dir       string
	Metadata  Metadata
	Values    map[string]interface{}
	Schema    []byte
	Templates map[string]string
	Files     Files
}

// Files gives templates `.Files.Get`, limited to files outside templates/.
type Files map[string][]byte

func (f Files) Get(name string) string      { return string(f[name]) }
func (f Files) GetBytes(name string) []byte { return f[name] }

func loadChart(dir string) (*Chart, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "Chart.yaml"))
	if err != nil {
		return nil, fmt.Errorf("Chart.yaml file is missing: %w", err)
	}
	chart := &Chart{Dir: dir, Files: Files{}}
	if err := yaml.Unmarshal(raw, &chart.Metadata); err != nil {
		return nil, fmt.Errorf("cannot load Chart.yaml: %w", err)
	}
	if chart.Metadata.APIVersion != "v2" {
		return nil, fmt.Errorf("apiVersion %q is not supported (want v2)", chart.Metadata.APIVersion)
	}
	if chart.Metadata.Name == "" || chart.Metadata.Version == "" {
		return nil, fmt.Errorf("validation: chart.metadata.name and version are required")
	}
	if _, err := semver.StrictNewVersion(chart.Metadata.Version); err != nil {
		return nil, fmt.Errorf("validation: chart.metadata.version %q is invalid", chart.Metadata.Version)
	}
	if len(chart.Metadata.Dependencies) > 0 {
		return nil, fmt.Errorf("chart dependencies are not supported by this renderer")
	}
	chart.Values = map[string]interface{}{}
	if _, err := os.Stat(filepath.Join(dir, "values.yaml")); err == nil {
		if chart.Values, err = readValuesFile(filepath.Join(dir, "values.yaml")); err != nil {
			return nil, err
		}
	}
	if schema, err := os.ReadFile(filepath.Join(dir, "values.schema.json")); err == nil {
		chart.Schema = schema
	}
	if chart.Templates, err = loadTemplates(dir, chart.Metadata.Name); err != nil {
		return nil, err
	}
	err = filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(rel, "templates/") || rel == "Chart.yaml" || rel == "values.yaml" {
			return nil
		}
		data, err := os.ReadFile(p)
		chart.Files[rel] = data
		return err
	})
	return chart, err
}

// VersionSet is .Capabilities.APIVersions.
type VersionSet []string

func (v VersionSet) Has(apiVersion string) bool {
	for _, x := range v {
		if x == apiVersion {
			return true
		}
	}
	return false
}

type KubeVersion struct {
	Version string
	Major   string
	Minor   string
}

func (kv *KubeVersion) String() string     { return kv.Version }
func (kv *KubeVersion) GitVersion() string { return kv.Version }

type Capabilities struct {
	APIVersions VersionSet
	KubeVersion KubeVersion
	HelmVersion map[string]string
}

// builtinAPIVersions are the group/versions a current cluster serves, as in
// Helm's chartutil.DefaultVersionSet.
var builtinAPIVersions = []string{
	"v1", "apps/v1", "batch/v1", "autoscaling/v1", "autoscaling/v2", "policy/v1",
	"networking.k8s.io/v1", "rbac.authorization.k8s.io/v1", "storage.k8s.io/v1",
	"apiextensions.k8s.io/v1", "admissionregistration.k8s.io/v1", "coordination.k8s.io/v1",
	"discovery.k8s.io/v1", "events.k8s.io/v1", "scheduling.k8s.io/v1", "node.k8s.io/v1",
	"certificates.k8s.io/v1", "authentication.k8s.io/v1", "authorization.k8s.io/v1",
	"apiregistration.k8s.io/v1", "flowcontrol.apiserver.k8s.io/v1",
}

func newCapabilities(kubeVersion string, extra []string) (*Capabilities, error) {
	v, err := semver.NewVersion(kubeVersion)
	if err != nil {
		return nil, fmt.Errorf("invalid kube version %q: %w", kubeVersion, err)
	}
	return &Capabilities{
		APIVersions: append(append(VersionSet{}, builtinAPIVersions...), extra...),
		KubeVersion: KubeVersion{
			Version: "v" + v.String(),
			Major:   fmt.Sprint(v.Major()),
			Minor:   fmt.Sprint(v.Minor()),
		},
		HelmVersion: map[string]string{"Version": "v3.16.0"},
	}, nil
}

func checkKubeVersion(constraint string, caps *Capabilities) error {
	if constraint == "" {
		return nil
	}
	c, err := semver.NewConstraint(constraint)
	if err != nil {
		return fmt.Errorf("invalid kubeVersion constraint %q: %w", constraint, err)
	}
	v, _ := semver.NewVersion(caps.KubeVersion.Version)
	if !c.Check(v) {
		return fmt.Errorf("chart requires kubeVersion: %s which is incompatible with Kubernetes %s", constraint, caps.KubeVersion.Version)
	}
	return nil
}
