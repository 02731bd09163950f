import type { ArgoCdSimulator } from './argocd';
import type { EcrSimulator } from './ecr';
import type { Fleet, FleetOptions } from './fleet';
import type { GitHubSimulator } from './github';
import type { EtcdServer, KubernetesCluster } from './kubernetes';
import type { MetricsExporter } from './prometheus';
import type { SANDBOX_TOKENS } from './ports';
import type { SpanEmitter, TracePipeline } from './traces';
import type { VaultSimulator } from './vault';
import type { TrafficModel, WorkloadSimulator } from './workload';

export interface SandboxOptions {
  /** `default`: the fixed ports of docs/contracts.md; `random` (default): free ports. */
  ports?: 'random' | 'default';
  /** Simulated clusters (default dev, stage, prod). */
  clusters?: string[];
  fleet?: FleetOptions;
  /** Latency of every Kubernetes API request (through the clusters' fault proxies). */
  kubeLatencyMs?: number;
  /** Real Prometheus + Alertmanager: true requires them, false skips them, absent = when installed. */
  prometheus?: boolean;
  /**
   * The real trace pipeline (OpenTelemetry Collector + Jaeger built by the
   * upstream bootstrap, fed by the span emitter): true requires it, false
   * skips it, absent = when built.
   */
  traces?: boolean;
  /** Span emitter tuning (sampling, budget, interval); see startSpanEmitter. */
  spanEmitter?: {
    intervalMs?: number;
    sampleOneIn?: number;
    errorSampleOneIn?: number;
    maxTracesPerSecond?: number;
    maxServices?: number;
  };
  /** Workload tick (default 2 s). */
  tickMs?: number;
  /**
   * Per-tick chances of a random rollout and of a random crash loop
   * (defaults 0.002 and 0.02): 0 for tests asserting exact scorecard sets,
   * which these live failures would otherwise add to.
   */
  rolloutChance?: number;
  crashChance?: number;
  seed?: number;
  /**
   * Demo data (default true): Argo CD Applications and Vault secrets for the
   * catalog services, and the `platform/gitops` repository on GitHub.
   */
  demoData?: boolean;
  /** Start the control server (default true). */
  control?: boolean;
  /** Progress and warnings (default: silent). */
  log?: (message: string) => void;
}

export interface SandboxUrls {
  kubernetes: Record<string, string>;
  argocd: string;
  vault: string;
  /** Web and git base URL of the GitHub simulator. */
  github: string;
  /** REST base (`apiBaseUrl` of the GitHub integration). */
  githubApi: string;
  /** `host` of the GitHub integration (`127.0.0.1:PORT`). */
  githubHost: string;
  ecr: string;
  /** Jaeger query (API v3, SPM); absent when the trace pipeline is not running. */
  jaeger?: string;
  /** The collector's OTLP/HTTP receiver (`/v1/traces`); absent likewise. */
  otlp?: string;
  metrics: string;
  /** Absent when Prometheus is not running. */
  prometheus?: string;
  alertmanager?: string;
  control?: string;
}

export interface Sandbox {
  urls: SandboxUrls;
  tokens: typeof SANDBOX_TOKENS;
  /** Real kube-apiservers behind fault proxies (`url`, `caData`, `token`, faults, stop/start). */
  clusters: Record<string, KubernetesCluster>;
  /** The etcd the clusters share (compaction for watch tests). */
  etcd: EtcdServer;
  workload: WorkloadSimulator;
  fleet: Fleet;
  traffic: TrafficModel;
  prometheus: { running: boolean; reason?: string };
  traces: { running: boolean; reason?: string };
  argocd: ArgoCdSimulator;
  vault: VaultSimulator;
  github: GitHubSimulator;
  ecr: EcrSimulator;
  /** The real collector + Jaeger, when running. */
  tracePipeline?: TracePipeline;
  spanEmitter?: SpanEmitter;
  exporter: MetricsExporter;
  stop(): Promise<void>;
}
