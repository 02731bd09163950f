import { HTTP_BUCKETS_SECONDS, RouteCounters } from './counters';

/** One service's workload in one cluster, as kube-state-metrics sees it. */
export interface DeploymentGauge {
  cluster: string;
  namespace: string;
  service: string;
  ready: number;
  desired: number;
  /** The HorizontalPodAutoscaler's status.currentReplicas and spec.maxReplicas (absent: no HPA). */
  hpa?: { currentReplicas: number; maxReplicas: number };
  /** Pods whose container waits in CrashLoopBackOff. */
  crashLoopingPods?: string[];
}

/** Label value escaping of the Prometheus text format. */
function escapeLabel(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/"/g, '\\"');
}

function labels(pairs: Record<string, string>): string {
  return `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',')}}`;
}

const count = (value: number) => String(Math.floor(value));
const float = (value: number) => String(Math.round(value * 1000) / 1000);
const formatLe = (le: number) => String(le);

/** Renders the metrics in the Prometheus text exposition format 0.0.4. */
export function renderExposition(
  routes: RouteCounters[],
  deployments: DeploymentGauge[],
): string {
  const out: string[] = [];

  out.push('# HELP http_requests_total Total number of HTTP requests handled.');
  out.push('# TYPE http_requests_total counter');
  for (const r of routes) {
    for (const [code, value] of [...r.byCode].sort()) {
      out.push(
        `http_requests_total${labels({
          service: r.service.name,
          namespace: r.service.namespace,
          route: r.route,
          method: r.method,
          code,
        })} ${count(value)}`,
      );
    }
  }

  out.push(
    '# HELP http_request_duration_seconds Duration of HTTP requests in seconds.',
  );
  out.push('# TYPE http_request_duration_seconds histogram');
  for (const r of routes) {
    const base = {
      service: r.service.name,
      namespace: r.service.namespace,
      route: r.route,
      method: r.method,
    };
    HTTP_BUCKETS_SECONDS.forEach((le, i) => {
      out.push(
        `http_request_duration_seconds_bucket${labels({
          ...base,
          le: formatLe(le),
        })} ${count(r.httpBuckets[i])}`,
      );
    });
    out.push(
      `http_request_duration_seconds_bucket${labels({
        ...base,
        le: '+Inf',
      })} ${count(r.total)}`,
    );
    out.push(
      `http_request_duration_seconds_sum${labels(base)} ${float(
        r.latencySumMs / 1000,
      )}`,
    );
    out.push(
      `http_request_duration_seconds_count${labels(base)} ${count(r.total)}`,
    );
  }

  // kube-state-metrics names, so availability alerts work as on a real cluster.
  out.push(
    '# HELP kube_deployment_status_replicas_ready The number of ready replicas per deployment.',
  );
  out.push('# TYPE kube_deployment_status_replicas_ready gauge');
  for (const d of deployments) {
    out.push(
      `kube_deployment_status_replicas_ready${labels({
        cluster: d.cluster,
        namespace: d.namespace,
        deployment: d.service,
      })} ${d.ready}`,
    );
  }
  out.push(
    '# HELP kube_deployment_spec_replicas Number of desired pods for a deployment.',
  );
  out.push('# TYPE kube_deployment_spec_replicas gauge');
  for (const d of deployments) {
    out.push(
      `kube_deployment_spec_replicas${labels({
        cluster: d.cluster,
        namespace: d.namespace,
        deployment: d.service,
      })} ${d.desired}`,
    );
  }
  // What the chart's ServiceCrashLooping reads. The chart names the
  // container after the service; kube-state-metrics emits only the current
  // waiting reason.
  out.push(
    '# HELP kube_pod_container_status_waiting_reason Describes the reason the container is currently in waiting state.',
  );
  out.push('# TYPE kube_pod_container_status_waiting_reason gauge');
  for (const d of deployments) {
    for (const pod of d.crashLoopingPods ?? []) {
      out.push(
        `kube_pod_container_status_waiting_reason${labels({
          cluster: d.cluster,
          namespace: d.namespace,
          pod,
          container: d.service,
          reason: 'CrashLoopBackOff',
        })} 1`,
      );
    }
  }
  // What the chart's ServiceHpaAtMaxReplicas reads.
  const hpas = deployments.filter(d => d.hpa);
  const hpaLabels = (d: DeploymentGauge) =>
    labels({
      cluster: d.cluster,
      namespace: d.namespace,
      horizontalpodautoscaler: d.service,
    });
  out.push(
    '# HELP kube_horizontalpodautoscaler_status_current_replicas Current number of replicas of pods managed by this autoscaler.',
  );
  out.push('# TYPE kube_horizontalpodautoscaler_status_current_replicas gauge');
  for (const d of hpas) {
    out.push(
      `kube_horizontalpodautoscaler_status_current_replicas${hpaLabels(d)} ${
        d.hpa!.currentReplicas
      }`,
    );
  }
  out.push(
    '# HELP kube_horizontalpodautoscaler_spec_max_replicas Upper limit for the number of pods that can be set by the autoscaler; cannot be smaller than MinReplicas.',
  );
  out.push('# TYPE kube_horizontalpodautoscaler_spec_max_replicas gauge');
  for (const d of hpas) {
    out.push(
      `kube_horizontalpodautoscaler_spec_max_replicas${hpaLabels(d)} ${
        d.hpa!.maxReplicas
      }`,
    );
  }
  return `${out.join('\n')}\n`;
}
