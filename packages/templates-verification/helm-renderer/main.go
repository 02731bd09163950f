// Command helmrender renders a Helm chart the way `helm template` does, for
// tests on machines without a helm binary. It implements the parts of Helm's
// engine charts rely on: text/template with sprig (minus env access), include,
// tpl, required, toYaml/fromYaml/toJson/fromJson, lookup (always empty, as in
// `helm template`), values coalescing, values.schema.json validation,
// .Capabilities.APIVersions/KubeVersion, .Release, .Chart, .Template, .Files,
// kubeVersion constraints, the "<no value>" replacement and Helm's install
// ordering of the output stream. Behaviour follows Helm 3's pkg/engine,
// pkg/chartutil and pkg/releaseutil.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
)

type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func main() {
	var valueFiles, apiVersions stringList
	releaseName := flag.String("release-name", "release-name", "release name (.Release.Name)")
	namespace := flag.String("namespace", "default", "release namespace (.Release.Namespace)")
	kubeVersion := flag.String("kube-version", "v1.30.0", "Kubernetes version for .Capabilities.KubeVersion")
	valuesOut := flag.String("values-out", "", "write the merged values as JSON to this file")
	notesOut := flag.String("notes-out", "", "write the rendered NOTES.txt to this file")
	skipTests := flag.Bool("skip-tests", false, "leave out test hooks, like helm template --skip-tests")
	flag.Var(&valueFiles, "f", "values file (repeatable; later files win)")
	flag.Var(&apiVersions, "api-versions", "extra API version for .Capabilities.APIVersions (repeatable)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: helmrender [flags] CHART_DIR")
		os.Exit(2)
	}

	result, err := Render(RenderOptions{
		ChartDir:    flag.Arg(0),
		ReleaseName: *releaseName,
		Namespace:   *namespace,
		KubeVersion: *kubeVersion,
		ValueFiles:  valueFiles,
		APIVersions: apiVersions,
		SkipTests:   *skipTests,
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "Error: %s\n", err)
		os.Exit(1)
	}
	if *valuesOut != "" {
		data, _ := json.MarshalIndent(result.Values, "", "  ")
		if err := os.WriteFile(*valuesOut, data, 0o644); err != nil {
			fmt.Fprintf(os.Stderr, "Error: %s\n", err)
			os.Exit(1)
		}
	}
	if *notesOut != "" {
		if err := os.WriteFile(*notesOut, []byte(result.Notes), 0o644); err != nil {
			fmt.Fprintf(os.Stderr, "Error: %s\n", err)
			os.Exit(1)
		}
	}
	fmt.Print(result.Stream)
}
