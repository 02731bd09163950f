// kube-apiserver, exactly as k8s.io/kubernetes/cmd/kube-apiserver builds it,
// but compiled as a dependency of this tiny module (the bootstrap writes the
// go.mod with the pinned release and its staging-module replacements).
package main

import (
	"os"
	_ "time/tzdata" // CronJob time zones, as upstream's main does

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	os.Exit(cli.Run(app.NewAPIServerCommand()))
}
