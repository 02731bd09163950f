{{/*
The pod template of one track (dict "root" $root "track" "stable"|"canary" "tag" "<image tag>").
The stable and canary Deployments differ only in the track label, the image
tag and the replica count.
*/}}
{{- define "service.podTemplate" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $name := include "service.name" $root -}}
{{- $tag := .tag | default $v.image.tag -}}
{{- $db := and $v.vault.enabled $v.vault.databaseRole -}}
{{- $dbCa := and $v.database.host $v.database.caBundle -}}
metadata:
  labels:
    {{- include "service.labels" $root | nindent 4 }}
    version: {{ .track | quote }}
    {{- if $v.istio.enabled }}
    sidecar.istio.io/inject: "true"
    {{- end }}
  annotations:
    checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
    {{- if $v.istio.enabled }}
    {{- /* Envoy starts before and outlives the app: it must keep the pod's traffic flowing through preStop and drain. */}}
    proxy.istio.io/config: {{ dict "holdApplicationUntilProxyStarts" true "terminationDrainDuration" (printf "%ds" (int (include "service.servingSeconds" $root))) | toJson | quote }}
    sidecar.istio.io/proxyCPU: {{ $v.istio.proxyResources.cpu | quote }}
    sidecar.istio.io/proxyCPULimit: {{ $v.istio.proxyResources.cpu | quote }}
    sidecar.istio.io/proxyMemory: {{ $v.istio.proxyResources.memory | quote }}
    sidecar.istio.io/proxyMemoryLimit: {{ $v.istio.proxyResources.memory | quote }}
    {{- end }}
    {{- if $v.vault.enabled }}
    vault.hashicorp.com/agent-inject: "true"
    vault.hashicorp.com/service: {{ $v.vault.address | quote }}
    vault.hashicorp.com/auth-path: {{ $v.vault.authPath | quote }}
    vault.hashicorp.com/role: {{ $v.vault.role | quote }}
    {{- /* The agent authenticates with the projected token below; the app container gets no token. */}}
    vault.hashicorp.com/agent-service-account-token-volume-name: vault-token
    vault.hashicorp.com/agent-inject-containers: {{ $name | quote }}
    vault.hashicorp.com/agent-run-as-user: {{ $v.securityContext.runAsUser | quote }}
    vault.hashicorp.com/agent-run-as-group: {{ $v.securityContext.runAsUser | quote }}
    vault.hashicorp.com/agent-requests-cpu: {{ $v.vault.agentResources.cpu | quote }}
    vault.hashicorp.com/agent-limits-cpu: {{ $v.vault.agentResources.cpu | quote }}
    vault.hashicorp.com/agent-requests-mem: {{ $v.vault.agentResources.memory | quote }}
    vault.hashicorp.com/agent-limits-mem: {{ $v.vault.agentResources.memory | quote }}
    {{- /* Secrets exist before the app starts (init); only dynamic credentials need the renewing sidecar. */}}
    vault.hashicorp.com/agent-pre-populate: "true"
    vault.hashicorp.com/agent-pre-populate-only: {{ ternary "false" "true" (not (empty $db)) | quote }}
    {{- range $v.vault.secrets }}
    vault.hashicorp.com/agent-inject-secret-{{ .name }}: {{ printf "%s/data/%s" $v.vault.kvMount .path | quote }}
    vault.hashicorp.com/agent-inject-template-{{ .name }}: {{ $root.Files.Get "vault/kv-secret.json.ctmpl" | replace "@SECRET_PATH@" (printf "%s/data/%s" $v.vault.kvMount .path) | quote }}
    {{- end }}
    {{- if $db }}
    vault.hashicorp.com/agent-inject-secret-database.json: {{ printf "database/creds/%s" $v.vault.databaseRole | quote }}
    vault.hashicorp.com/agent-inject-template-database.json: {{ $root.Files.Get "vault/database.json.ctmpl" | replace "@SECRET_PATH@" (printf "database/creds/%s" $v.vault.databaseRole) | quote }}
    {{- end }}
    {{- if $v.istio.enabled }}
    {{- /* Envoy is not up while Vault's init container runs: the agent goes first and reaches Vault directly. */}}
    vault.hashicorp.com/agent-init-first: "true"
    traffic.sidecar.istio.io/excludeOutboundPorts: {{ include "service.urlPort" $v.vault.address | quote }}
    {{- end }}
    {{- end }}
spec:
  serviceAccountName: {{ $name }}
  automountServiceAccountToken: false
  terminationGracePeriodSeconds: {{ int $v.terminationGracePeriodSeconds }}
  securityContext:
    runAsNonRoot: true
    runAsUser: {{ int $v.securityContext.runAsUser }}
    runAsGroup: {{ int $v.securityContext.runAsUser }}
    fsGroup: {{ int $v.securityContext.runAsUser }}
    seccompProfile:
      type: RuntimeDefault
  topologySpreadConstraints:
    - maxSkew: 1
      topologyKey: topology.kubernetes.io/zone
      whenUnsatisfiable: {{ $v.topologySpread.zone }}
      {{- if eq $v.topologySpread.zone "DoNotSchedule" }}
      minDomains: {{ int $v.topologySpread.minDomains }}
      {{- end }}
      nodeTaintsPolicy: Honor
      labelSelector:
        matchLabels:
          {{- include "service.selectorLabels" $root | nindent 10 }}
      {{- /* Each rollout's ReplicaSet spreads on its own, so a rollout never skews the spread. */}}
      matchLabelKeys:
        - pod-template-hash
    - maxSkew: 1
      topologyKey: kubernetes.io/hostname
      whenUnsatisfiable: {{ $v.topologySpread.host }}
      nodeTaintsPolicy: Honor
      labelSelector:
        matchLabels:
          {{- include "service.selectorLabels" $root | nindent 10 }}
      matchLabelKeys:
        - pod-template-hash
  affinity:
    podAntiAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
        - weight: 100
          podAffinityTerm:
            topologyKey: kubernetes.io/hostname
            labelSelector:
              matchLabels:
                {{- include "service.selectorLabels" $root | nindent 16 }}
  containers:
    - name: {{ $name }}
      image: {{ include "service.image" (dict "root" $root "tag" .tag) | quote }}
      imagePullPolicy: {{ $v.image.pullPolicy }}
      ports:
        - name: http
          containerPort: {{ int $v.containerPort }}
          protocol: TCP
        - name: metrics
          containerPort: {{ int $v.metricsPort }}
          protocol: TCP
      env:
        - name: K8S_POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: OTEL_SERVICE_NAME
          value: {{ $name | quote }}
        - name: OTEL_RESOURCE_ATTRIBUTES
          value: {{ printf "deployment.environment=%s,service.namespace=%s,service.version=%s,k8s.cluster.name=%s,k8s.namespace.name=%s,k8s.pod.name=$(K8S_POD_NAME)" $v.environment $root.Release.Namespace $tag $v.clusterName $root.Release.Namespace | quote }}
        {{- if $db }}
        - name: DATABASE_CREDENTIALS_FILE
          value: /vault/secrets/database.json
        {{- end }}
      envFrom:
        - configMapRef:
            name: {{ $name }}
      resources:
        requests:
          cpu: {{ $v.resources.cpu | quote }}
          memory: {{ $v.resources.memory | quote }}
        limits:
          cpu: {{ $v.resources.cpu | quote }}
          memory: {{ $v.resources.memory | quote }}
      lifecycle:
        preStop:
          {{- /* The image is distroless (no shell, no sleep binary): the kubelet sleeps. */}}
          sleep:
            seconds: {{ int $v.shutdown.preStopSeconds }}
      startupProbe:
        httpGet:
          path: {{ $v.probes.startup.path }}
          port: http
        periodSeconds: 2
        failureThreshold: 30
      livenessProbe:
        httpGet:
          path: {{ $v.probes.liveness.path }}
          port: http
        periodSeconds: 10
        timeoutSeconds: 2
        failureThreshold: 3
      readinessProbe:
        httpGet:
          path: {{ $v.probes.readiness.path }}
          port: http
        periodSeconds: 5
        timeoutSeconds: 2
        failureThreshold: 2
      securityContext:
        runAsNonRoot: true
        runAsUser: {{ int $v.securityContext.runAsUser }}
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        privileged: false
        capabilities:
          drop:
            - ALL
        seccompProfile:
          type: RuntimeDefault
      volumeMounts:
        - name: tmp
          mountPath: /tmp
        {{- if $dbCa }}
        - name: database-ca
          mountPath: {{ include "service.databaseCaDir" $root }}
          readOnly: true
        {{- end }}
  volumes:
    - name: tmp
      emptyDir:
        sizeLimit: 64Mi
    {{- if $dbCa }}
    {{- /* The platform's ConfigMap; a missing key keeps the pod from starting rather than connecting unverified. */}}
    - name: database-ca
      configMap:
        name: {{ $v.database.caBundle | quote }}
        items:
          - key: ca-bundle.pem
            path: ca-bundle.pem
        {{- /* 0444 in decimal: YAML 1.1 and 1.2 parsers disagree on a leading 0. */}}
        defaultMode: 292
    {{- end }}
    {{- if $v.vault.enabled }}
    - name: vault-token
      projected:
        sources:
          - serviceAccountToken:
              path: token
              expirationSeconds: 3600
    {{- end }}
{{- end -}}
