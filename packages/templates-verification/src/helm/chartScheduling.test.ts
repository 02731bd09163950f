/* eslint-disable jest/no-conditional-expect -- the checks branch on the values of the case under test; every branch asserts */
import {
  ChartOption,
  caseNames,
  renderedCases,
  only,
  trackDeployment,
} from './__testUtils__/chartCases';
import { selectorMatches } from './networkPolicy/evaluator';

/*
 * Scheduling and disruption, at the lowest and the highest replica count:
 * zone and host spread, a PodDisruptionBudget that lets a drain proceed and
 * never takes every replica, an HPA without a memory target unless asked,
 * and a shutdown long enough for the load balancer to let go.
 */
jest.setTimeout(300_000);

const options: Record<string, ChartOption> = {
  generated: () => ({}),
  'PDB as a percentage': () => ({
    podDisruptionBudget: { maxUnavailable: '25%' },
  }),
  'memory scaling asked for': () => ({ autoscaling: { scaleOnMemory: true } }),
};

const cases = renderedCases(options);

/**
 * The disruption controller's arithmetic (pkg/controller/disruption): with
 * `replicas` healthy pods, how many may a voluntary disruption take now.
 * Percentages of maxUnavailable round up.
 */
function disruptionsAllowed(
  maxUnavailable: number | string,
  replicas: number,
): number {
  const unavailable =
    typeof maxUnavailable === 'string'
      ? Math.ceil((Number(maxUnavailable.replace('%', '')) * replicas) / 100)
      : maxUnavailable;
  const desiredHealthy = Math.max(replicas - unavailable, 0);
  return Math.max(replicas - desiredHealthy, 0);
}

describe.each(caseNames(options))('scheduling in %s', name => {
  const c = () => cases(name);
  const docs = () => c().render.documents;
  const pod = () => trackDeployment(docs()).spec.template;

  it('spreads over three zones and over hosts, per rollout, honouring taints', () => {
    const [zone, host] = pod().spec.topologySpreadConstraints;
    expect(zone).toMatchObject({
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'DoNotSchedule',
      minDomains: 3,
      nodeTaintsPolicy: 'Honor',
      matchLabelKeys: ['pod-template-hash'],
    });
    expect(host).toMatchObject({
      maxSkew: 1,
      topologyKey: 'kubernetes.io/hostname',
      nodeTaintsPolicy: 'Honor',
      matchLabelKeys: ['pod-template-hash'],
    });
    for (const constraint of [zone, host]) {
      expect(
        selectorMatches(constraint.labelSelector, pod().metadata.labels),
      ).toBe(true);
      expect(
        constraint.labelSelector.matchLabels['pod-template-hash'],
      ).toBeUndefined();
    }
    const anti =
      pod().spec.affinity.podAntiAffinity
        .preferredDuringSchedulingIgnoredDuringExecution;
    expect(anti[0].podAffinityTerm.topologyKey).toBe('kubernetes.io/hostname');
    expect(
      selectorMatches(
        anti[0].podAffinityTerm.labelSelector,
        pod().metadata.labels,
      ),
    ).toBe(true);
  });

  it('has a PDB that never blocks a drain and never lets every replica go, at the lowest and highest replica count', () => {
    const pdb = only(docs(), 'PodDisruptionBudget');
    expect(pdb.spec.minAvailable).toBeUndefined();
    expect(pdb.spec.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
    expect(selectorMatches(pdb.spec.selector, pod().metadata.labels)).toBe(
      true,
    );
    const hpas = docs().filter(d => d.kind === 'HorizontalPodAutoscaler');
    const counts = hpas.length
      ? [hpas[0].spec.minReplicas, hpas[0].spec.maxReplicas]
      : [trackDeployment(docs()).spec.replicas];
    for (const replicas of counts) {
      const allowed = disruptionsAllowed(pdb.spec.maxUnavailable, replicas);
      expect({ replicas, allowed: allowed >= 1 }).toEqual({
        replicas,
        allowed: true,
      });
      expect({ replicas, keeps: replicas - allowed >= 1 }).toEqual({
        replicas,
        keeps: true,
      });
    }
  });

  it('scales on CPU, and on memory only when asked', () => {
    const hpas = docs().filter(d => d.kind === 'HorizontalPodAutoscaler');
    const v = c().values.autoscaling;
    if (!v.enabled) {
      expect(hpas).toHaveLength(0);
      expect(trackDeployment(docs()).spec.replicas).toBe(
        c().values.replicaCount,
      );
      return;
    }
    const hpa = hpas[0];
    expect(trackDeployment(docs()).spec.replicas).toBeUndefined();
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: trackDeployment(docs()).metadata.name,
    });
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([
      v.minReplicas,
      v.maxReplicas,
    ]);
    expect(hpa.spec.metrics.map((m: any) => m.resource.name)).toEqual(
      v.scaleOnMemory ? ['cpu', 'memory'] : ['cpu'],
    );
    expect(
      hpa.spec.behavior.scaleDown.stabilizationWindowSeconds,
    ).toBeGreaterThanOrEqual(60);
  });

  it('keeps serving through load-balancer deregistration, and outlives its own drain', () => {
    const spec = pod().spec;
    const container = spec.containers[0];
    const config = only(
      docs(),
      'ConfigMap',
      trackDeployment(docs()).metadata.name,
    ).data;
    const preStop = container.lifecycle.preStop.sleep.seconds;
    expect(preStop).toBe(c().values.shutdown.preStopSeconds);
    expect(preStop).toBeGreaterThanOrEqual(10);
    // what the app itself waits after SIGTERM (it reads these from the ConfigMap)
    const appSeconds =
      (Number(config.SHUTDOWN_DRAIN_MS) + Number(config.SHUTDOWN_TIMEOUT_MS)) /
      1000;
    expect(spec.terminationGracePeriodSeconds).toBeGreaterThan(
      preStop + appSeconds,
    );
    const ingress = docs().find(d => d.kind === 'Ingress');
    if (ingress) {
      const attributes =
        ingress.metadata.annotations[
          'alb.ingress.kubernetes.io/target-group-attributes'
        ];
      const delay = Number(
        /deregistration_delay\.timeout_seconds=(\d+)/.exec(attributes)![1],
      );
      expect(delay).toBeLessThanOrEqual(preStop + Math.ceil(appSeconds));
      expect(delay).toBeLessThan(spec.terminationGracePeriodSeconds);
    }
  });

  it('lets the ALB gate readiness on target health when exposed through it', () => {
    const ingress = docs().find(d => d.kind === 'Ingress');
    if (!ingress) return;
    const a = ingress.metadata.annotations;
    // Readiness gates work with IP targets only; the controller injects
    // target-health.elbv2.k8s.aws/<TargetGroupBinding> into pods of labelled
    // namespaces (chart README), so the chart must not declare one itself.
    expect(a['alb.ingress.kubernetes.io/target-type']).toBe('ip');
    expect(pod().spec.readinessGates).toBeUndefined();
    expect(a['alb.ingress.kubernetes.io/healthcheck-path']).toBe(
      pod().spec.containers[0].readinessProbe.httpGet.path,
    );
    const backend = ingress.spec.rules[0].http.paths[0].backend.service;
    const service = only(docs(), 'Service', backend.name);
    const port = service.spec.ports.find(
      (p: any) => p.name === backend.port.name,
    );
    expect(pod().spec.containers[0].ports.map((p: any) => p.name)).toContain(
      port.targetPort,
    );
  });
});
