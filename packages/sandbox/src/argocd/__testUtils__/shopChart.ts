/*
 * A small chart in a service repository and its GitOps values, for the
 * Argo CD simulator's deployment tests: sync waves (a ConfigMap in wave
 * -1), capabilities (.Capabilities.KubeVersion and APIVersions), a
 * Deployment with an HPA and a PDB, optional extras to prune or to be
 * refused by the project, and a Helm test hook that Argo CD never runs.
 */

const labels = (name: string) => `
    app.kubernetes.io/name: {{ .Release.Name }}
    app.kubernetes.io/instance: {{ .Release.Name }}
    backstage.io/kubernetes-id: {{ .Release.Name }}${
      name ? `\n    part: ${name}` : ''
    }`;

export const SHOP_CHART: Record<string, string> = {
  'chart/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n',
  'chart/values.yaml': [
    'environment: default',
    'image:',
    '  repository: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop',
    '  tag: "1"',
    'extraConfig: true',
    'clusterWide: false',
    '',
  ].join('\n'),
  'chart/templates/config.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
  annotations:
    argocd.argoproj.io/sync-wave: "-1"
  labels:${labels('')}
data:
  environment: {{ .Values.environment | quote }}
  kubeVersion: {{ .Capabilities.KubeVersion.Version | quote }}
  serviceMonitors: {{ .Capabilities.APIVersions.Has "monitoring.coreos.com/v1/ServiceMonitor" | quote }}
`,
  'chart/templates/extra.yaml': `{{- if .Values.extraConfig }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-extra
  labels:${labels('')}
data:
  extra: "yes"
{{- end }}
`,
  'chart/templates/clusterrole.yaml': `{{- if .Values.clusterWide }}
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: {{ .Release.Name }}-reader
rules: []
{{- end }}
`,
  'chart/templates/workload.yaml': `apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ .Release.Name }}
  labels:${labels('')}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
  labels:${labels('')}
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: {{ .Release.Name }}
      app.kubernetes.io/instance: {{ .Release.Name }}
  strategy:
    rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }
  template:
    metadata:
      labels:${labels('').replace(/\n {4}/g, '\n        ')}
    spec:
      serviceAccountName: {{ .Release.Name }}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: DoNotSchedule
          labelSelector:
            matchLabels:
              app.kubernetes.io/name: {{ .Release.Name }}
      containers:
        - name: app
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          resources:
            requests: { cpu: 500m, memory: 256Mi }
          readinessProbe:
            httpGet: { path: /readyz, port: 8080 }
            periodSeconds: 1
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ .Release.Name }}
  labels:${labels('')}
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: {{ .Release.Name }} }
  minReplicas: 3
  maxReplicas: 6
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ .Release.Name }}
  labels:${labels('')}
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: {{ .Release.Name }}
`,
  'chart/templates/tests/test-connection.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-test
  annotations:
    helm.sh/hook: test
spec:
  restartPolicy: Never
  containers:
    - name: wget
      image: busybox
`,
};

export function gitopsValues(env: string, tag: string): string {
  return `# values of shop in ${env}\nenvironment: ${env}\nimage:\n  tag: "${tag}"\n`;
}
