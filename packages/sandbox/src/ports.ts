/** Default ports of the sandbox (docs/contracts.md). */
export const DEFAULT_PORTS = {
  control: 7100,
  kubernetes: { dev: 7101, stage: 7102, prod: 7103 } as Record<string, number>,
  /** Further clusters get 7104, 7105, … */
  kubernetesExtraBase: 7104,
  argocd: 7110,
  vault: 7120,
  github: 7130,
  ecr: 7140,
  /** Trace pipeline: Jaeger query (API v3, SPM) … */
  jaeger: 7150,
  jaegerQueryGrpc: 7151,
  /** … Jaeger's OTLP/gRPC receiver (from the collector) … */
  jaegerOtlpGrpc: 7152,
  /** … the collector's OTLP/HTTP receiver and its span metrics exporter. */
  otlpHttp: 7155,
  spanMetrics: 7156,
  metrics: 7160,
  prometheus: 7190,
  alertmanager: 7193,
};

/** Sandbox credentials: not secrets, they only open the local simulators. */
export const SANDBOX_TOKENS = {
  kubernetes: 'sandbox-kube-token',
  argocd: 'sandbox-argocd-token',
  /** Argo CD's read-only account: the release workflows' health gate. */
  argocdReadOnly: 'sandbox-argocd-readonly-token',
  vault: 'sandbox-vault-root-token',
  github: 'sandbox-github-token',
  aws: {
    accessKeyId: 'AKIASANDBOXEXAMPLE01',
    secretAccessKey: 'sandbox-aws-secret',
    accountId: '123456789012',
    region: 'eu-west-1',
  },
};
