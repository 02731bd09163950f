/* eslint-disable no-console */
import { parseArgs } from 'node:util';
import { startSandbox, Sandbox } from './sandbox';

const USAGE = `Usage: yarn workspace @internal/eks-platform-sandbox sandbox [options]

Starts the EKS platform sandbox on loopback: three real Kubernetes API servers
(kube-apiserver + etcd, HTTPS, behind fault proxies) with live workloads,
Argo CD, Vault, GitHub and ECR simulators, the workload metrics exporter and,
when installed or built, the real Prometheus and Alertmanager and the real
trace pipeline (OpenTelemetry Collector + Jaeger, fed with OTLP spans of the
demo services).

Options:
  --ports default|random   fixed ports of docs/contracts.md (default) or free ones
  --extra-services N       add N synthetic services (svc-0001 …) for benchmarks
  --catalog DIR            folder of Backstage entity YAML files (default catalog/demo)
  --no-prometheus          do not start Prometheus and Alertmanager
  --no-traces              do not start the collector, Jaeger and the span emitter
  --tick-ms N              workload tick interval (default 2000)
  --kube-latency-ms N      latency of every Kubernetes API request
  -h, --help               this help`;

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) {
    throw new Error(`--${name} must be a non-negative integer, got '${value}'`);
  }
  return Number(value);
}

function table(sandbox: Sandbox): string {
  const rows: Array<[string, string]> = [
    ...Object.entries(sandbox.urls.kubernetes).map(
      ([name, url]) => [`Kubernetes API (${name})`, url] as [string, string],
    ),
    ['Argo CD', sandbox.urls.argocd],
    ['Vault', sandbox.urls.vault],
    ['GitHub (web + git)', sandbox.urls.github],
    ['GitHub REST API', sandbox.urls.githubApi],
    ['ECR', sandbox.urls.ecr],
    [
      'Jaeger query',
      sandbox.urls.jaeger ?? `not running (${sandbox.traces.reason})`,
    ],
    ['OTLP/HTTP (collector)', sandbox.urls.otlp ?? 'not running'],
    ['Workload metrics', sandbox.urls.metrics],
    [
      'Prometheus',
      sandbox.urls.prometheus ?? `not running (${sandbox.prometheus.reason})`,
    ],
    ['Alertmanager', sandbox.urls.alertmanager ?? 'not running'],
    ['Sandbox control', sandbox.urls.control ?? 'not running'],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows
    .map(([name, url]) => `  ${name.padEnd(width)}  ${url}`)
    .join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      ports: { type: 'string', default: 'default' },
      'extra-services': { type: 'string' },
      catalog: { type: 'string' },
      'no-prometheus': { type: 'boolean', default: false },
      'no-traces': { type: 'boolean', default: false },
      'tick-ms': { type: 'string' },
      'kube-latency-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const ports = values.ports;
  if (ports !== 'default' && ports !== 'random') {
    throw new Error(`--ports must be 'default' or 'random', got '${ports}'`);
  }
  const sandbox = await startSandbox({
    ports,
    fleet: {
      catalogDir: values.catalog,
      extraServices: integer('extra-services', values['extra-services']),
    },
    prometheus: values['no-prometheus'] ? false : undefined,
    traces: values['no-traces'] ? false : undefined,
    tickMs: integer('tick-ms', values['tick-ms']),
    kubeLatencyMs: integer('kube-latency-ms', values['kube-latency-ms']),
    log: message => console.log(message),
  });
  console.log(
    `EKS platform sandbox is running ${
      sandbox.fleet.services.length
    } services on ${Object.keys(sandbox.clusters).length} clusters:\n${table(
      sandbox,
    )}\n\nKubernetes token: ${
      sandbox.tokens.kubernetes
    } (read-only; sandbox-only credentials, see docs/contracts.md), CA: .cache/sandbox/kubernetes-ca-data.txt (base64)\nPress Ctrl+C to stop.`,
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the sandbox …`);
    sandbox
      .stop()
      .then(() => process.exit(0))
      .catch(error => {
        console.error(`Sandbox did not stop cleanly: ${error}`);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch(error => {
  console.error(
    `Sandbox failed to start: ${
      error instanceof Error ? error.message : error
    }`,
  );
  process.exit(1);
});
