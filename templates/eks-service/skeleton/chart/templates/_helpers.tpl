{{/*
The workload name is the service name, never prefixed with the release name:
the platform finds workloads by `backstage.io/kubernetes-id=<service>`.
*/}}
{{- define "service.name" -}}
{{- .Values.nameOverride | default .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

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

{{- define "service.image" -}}
{{- if .Values.image.digest -}}
{{ printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else -}}
{{ printf "%s:%s" .Values.image.repository (required "image.tag is required" .Values.image.tag) }}
{{- end -}}
{{- end -}}

{{/* Availability invariants the chart refuses to break, whatever the values say. */}}
{{- define "service.validate" -}}
{{- $pdbMin := int .Values.podDisruptionBudget.minAvailable -}}
{{- if .Values.autoscaling.enabled -}}
{{- if lt (int .Values.autoscaling.minReplicas) (add1 $pdbMin | int) -}}
{{- fail (printf "autoscaling.minReplicas (%d) must be at least podDisruptionBudget.minAvailable + 1 (%d) so a node drain can always proceed" (int .Values.autoscaling.minReplicas) (add1 $pdbMin)) -}}
{{- end -}}
{{- if lt (int .Values.autoscaling.maxReplicas) (int .Values.autoscaling.minReplicas) -}}
{{- fail "autoscaling.maxReplicas must be greater than or equal to autoscaling.minReplicas" -}}
{{- end -}}
{{- else if lt (int .Values.replicaCount) (add1 $pdbMin | int) -}}
{{- fail (printf "replicaCount (%d) must be at least podDisruptionBudget.minAvailable + 1 (%d)" (int .Values.replicaCount) (add1 $pdbMin)) -}}
{{- end -}}
{{- if and (ne .Values.ingress.mode "none") (not .Values.ingress.host) -}}
{{- fail "ingress.host is required when ingress.mode is internal or public" -}}
{{- end -}}
{{- end -}}
