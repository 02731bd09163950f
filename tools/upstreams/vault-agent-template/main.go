// Renders a Vault Agent template with the engine Vault Agent embeds
// (github.com/hashicorp/consul-template's template package, pinned in
// pins.json), answering its `secret` reads from the command line instead of
// a Vault server, so a test can read the file an agent would write.
//
//	vault-agent-template '<{"<path>": {"data": {...}, "leaseDuration": 3600}}>' < template
//
// Prints {"output": "...", "paths": ["<every secret path the template read>"]}.
// A read of a path the command line does not answer fails.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	dep "github.com/hashicorp/consul-template/dependency"
	"github.com/hashicorp/consul-template/template"
)

type answer struct {
	Data          map[string]interface{} `json:"data"`
	LeaseDuration int                    `json:"leaseDuration"`
	LeaseID       string                 `json:"leaseId"`
	Renewable     bool                   `json:"renewable"`
}

func fail(code int, format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(code)
}

func main() {
	if len(os.Args) != 2 {
		fail(2, "usage: vault-agent-template '<secrets JSON by path>' < template")
	}
	var answers map[string]answer
	if err := json.Unmarshal([]byte(os.Args[1]), &answers); err != nil {
		fail(2, "secrets JSON: %v", err)
	}
	contents, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail(2, "reading the template: %v", err)
	}
	tmpl, err := template.NewTemplate(&template.NewTemplateInput{
		Contents:      string(contents),
		ErrMissingKey: true,
	})
	if err != nil {
		fail(1, "parse: %v", err)
	}

	// Like the agent's runner: execute, fetch what was missing, execute again.
	brain := template.NewBrain()
	for round := 0; ; round++ {
		result, err := tmpl.Execute(&template.ExecuteInput{Brain: brain})
		if err != nil {
			fail(1, "execute: %v", err)
		}
		missing := result.Missing.List()
		if len(missing) == 0 {
			var paths []string
			for _, d := range result.Used.List() {
				if q, ok := d.(*dep.VaultReadQuery); ok {
					paths = append(paths, vaultPath(q))
				}
			}
			sort.Strings(paths)
			out, _ := json.Marshal(map[string]interface{}{
				"output": string(result.Output),
				"paths":  paths,
			})
			fmt.Println(string(out))
			return
		}
		if round > 10 {
			fail(1, "the template keeps asking for more secrets")
		}
		for _, d := range missing {
			q, ok := d.(*dep.VaultReadQuery)
			if !ok {
				fail(1, "the template reads %s, which this renderer does not answer", d)
			}
			a, ok := answers[vaultPath(q)]
			if !ok {
				fail(1, "the template reads %s; no answer was given for %q", q, vaultPath(q))
			}
			brain.Remember(d, &dep.Secret{
				Data:          a.Data,
				LeaseDuration: a.LeaseDuration,
				LeaseID:       a.LeaseID,
				Renewable:     a.Renewable,
			})
		}
	}
}

// vaultPath is the path a read query was made with (its String() is vault.read(<path>)).
func vaultPath(q *dep.VaultReadQuery) string {
	return strings.TrimSuffix(strings.TrimPrefix(q.String(), "vault.read("), ")")
}
