{{/*
The workload name is the service name, never prefixed with the release name:
the platform finds workloads by `backstage.io/kubernetes-id=<service>`.
*/}}
{{- define "service.name" -}}
{{- .Values.nameOverride | default .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Every pod of the service, stable and canary: Service, PDB, NetworkPolicy, Istio. */}}
{{- define "service.selectorLabels" -}}
app.kubernetes.io/name: {{ include "service.name" . | quote }}
app.kubernetes.io/instance: {{ .Release.Name | quote }}
{{- end -}}

{{- define "service.labels" -}}
{{ include "service.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service | quote }}
app.kubernetes.io/part-of: {{ .Values.system | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | quote }}
backstage.io/kubernetes-id: {{ include "service.name" . | quote }}
team: {{ .Values.team | quote }}
environment: {{ .Values.environment | quote }}
{{- end -}}

{{/* The pods of one track (stable or canary): the Deployment selector and the DestinationRule subset. */}}
{{- define "service.trackSelectorLabels" -}}
{{ include "service.selectorLabels" .root }}
version: {{ .track | quote }}
{{- end -}}

{{/* repository@digest, or repository:tag. Takes (dict "root" $ "tag" "<canary tag or empty>"). */}}
{{- define "service.image" -}}
{{- $values := .root.Values -}}
{{- if and $values.image.digest (not .tag) -}}
{{ printf "%s@%s" $values.image.repository $values.image.digest }}
{{- else -}}
{{ printf "%s:%s" $values.image.repository (required "image.tag is required" (.tag | default $values.image.tag)) }}
{{- end -}}
{{- end -}}

{{/* The port of a URL: explicit, else 443 for https and 80 for http. */}}
{{- define "service.urlPort" -}}
{{- $url := urlParse . -}}
{{- $hostPort := splitList ":" $url.host -}}
{{- if eq (len $hostPort) 2 -}}
{{ index $hostPort 1 }}
{{- else if eq $url.scheme "https" -}}
443
{{- else -}}
80
{{- end -}}
{{- end -}}

{{/* The Istio ingress gateway for the exposure mode (internal or public). */}}
{{- define "service.istioGateway" -}}
{{- toYaml (get .Values.istio.ingressGateways .Values.ingress.mode) -}}
{{- end -}}

{{/* Whether the service is reached from outside the cluster. */}}
{{- define "service.exposed" -}}
{{- if ne .Values.ingress.mode "none" }}true{{ end -}}
{{- end -}}

{{/* Seconds the pod keeps serving after it starts terminating: preStop, drain, in-flight. */}}
{{- define "service.servingSeconds" -}}
{{- add (int .Values.shutdown.preStopSeconds) (div (add (int .Values.shutdown.drainMs) (int .Values.shutdown.timeoutMs) 999) 1000) -}}
{{- end -}}

{{/* Pods a disruption may take at the given replica count (the disruption controller rounds percentages up). */}}
{{- define "service.pdbAllowedAt" -}}
{{- $u := .root.Values.podDisruptionBudget.maxUnavailable -}}
{{- if kindIs "string" $u -}}
{{- $pct := int (trimSuffix "%" $u) -}}
{{- div (add (mul $pct .replicas) 99) 100 -}}
{{- else -}}
{{- int $u -}}
{{- end -}}
{{- end -}}

{{/* Invariants the chart refuses to break, whatever the values say. */}}
{{- define "service.validate" -}}
{{- $min := int .Values.replicaCount -}}
{{- $max := int .Values.replicaCount -}}
{{- if .Values.autoscaling.enabled -}}
{{- $min = int .Values.autoscaling.minReplicas -}}
{{- $max = int .Values.autoscaling.maxReplicas -}}
{{- if lt $max $min -}}
{{- fail "autoscaling.maxReplicas must be greater than or equal to autoscaling.minReplicas" -}}
{{- end -}}
{{- end -}}
{{- $allowed := int (include "service.pdbAllowedAt" (dict "root" . "replicas" $min)) -}}
{{- if ge $allowed $min -}}
{{- fail (printf "podDisruptionBudget.maxUnavailable (%v) lets a drain take all %d replicas at the lowest replica count: keep it below the HPA minimum / replicaCount" .Values.podDisruptionBudget.maxUnavailable $min) -}}
{{- end -}}
{{- $serving := int (include "service.servingSeconds" .) -}}
{{- if le (int .Values.terminationGracePeriodSeconds) $serving -}}
{{- fail (printf "terminationGracePeriodSeconds (%d) must exceed shutdown.preStopSeconds + (drainMs + timeoutMs) / 1000 (%d), or the kubelet kills in-flight requests" (int .Values.terminationGracePeriodSeconds) $serving) -}}
{{- end -}}
{{- if and (ne .Values.ingress.mode "none") (not .Values.ingress.host) -}}
{{- fail "ingress.host is required when ingress.mode is internal or public" -}}
{{- end -}}
{{- if and (ne .Values.ingress.mode "none") (not .Values.istio.enabled) .Values.networkPolicy.enabled (empty .Values.networkPolicy.loadBalancerSourceRanges) -}}
{{- fail "networkPolicy.loadBalancerSourceRanges is required when the service is exposed through the ALB: the load balancer's subnets, or its traffic is denied" -}}
{{- end -}}
{{- if .Values.istio.enabled -}}
{{- if ne (add (int .Values.istio.traffic.stable) (int .Values.istio.traffic.canary)) 100 -}}
{{- fail (printf "istio.traffic.stable (%d) + istio.traffic.canary (%d) must be 100" (int .Values.istio.traffic.stable) (int .Values.istio.traffic.canary)) -}}
{{- end -}}
{{- if and (gt (int .Values.istio.traffic.canary) 0) (not .Values.istio.canary.enabled) -}}
{{- fail "istio.traffic.canary is above 0 but istio.canary.enabled is false: the canary subset would have no pods" -}}
{{- end -}}
{{- if and .Values.istio.canary.enabled (not .Values.istio.canary.tag) -}}
{{- fail "istio.canary.tag is required when istio.canary.enabled (the image tag under test)" -}}
{{- end -}}
{{- else if .Values.istio.canary.enabled -}}
{{- fail "istio.canary.enabled needs istio.enabled: the canary's traffic share is set by the VirtualService" -}}
{{- end -}}
{{- if and .Values.vault.enabled (not .Values.vault.egress.namespace) (empty .Values.vault.egress.cidrs) -}}
{{- fail "vault.egress needs a namespace or cidrs: where Vault runs, for the egress rule" -}}
{{- end -}}
{{- with .Values.database -}}
{{- if .host -}}
{{- if not (and $.Values.vault.enabled $.Values.vault.databaseRole) -}}
{{- fail "database.host is set but vault.databaseRole is empty: the service connects only with credentials from Vault's database secrets engine; set vault.databaseRole, or clear database.host" -}}
{{- end -}}
{{- if not .name -}}
{{- fail "database.name is required when database.host is set (DATABASE_NAME)" -}}
{{- end -}}
{{- if and $.Values.networkPolicy.enabled (empty .cidrs) -}}
{{- fail "database.cidrs is required when database.host is set: the database's subnets, for the egress rule" -}}
{{- end -}}
{{- if and (eq .sslMode "verify-full") (not .caBundle) -}}
{{- fail "database.caBundle is required with database.sslMode verify-full: the ConfigMap of the server's CA bundle (e.g. rds-global), since RDS certificates are not in Node's default trust store" -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if .Values.kafka.enabled -}}
{{- if empty .Values.kafka.brokers -}}
{{- fail "kafka.brokers is required when kafka.enabled (host:port of the bootstrap brokers)" -}}
{{- end -}}
{{- if empty .Values.kafka.brokerCidrs -}}
{{- fail "kafka.brokerCidrs is required when kafka.enabled: the brokers' addresses, for the egress rule" -}}
{{- end -}}
{{- if eq .Values.kafka.auth "scram" -}}
{{- $found := false -}}
{{- range .Values.vault.secrets }}{{ if eq .name "kafka" }}{{ $found = true }}{{ end }}{{ end -}}
{{- if not (and .Values.vault.enabled $found) -}}
{{- fail "kafka.auth scram reads its credentials from /vault/secrets/kafka: add a vault.secrets entry named kafka" -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Where the database CA bundle (database.caBundle, key ca-bundle.pem) is mounted. */}}
{{- define "service.databaseCaDir" -}}/etc/eks-platform/database-ca{{- end -}}
