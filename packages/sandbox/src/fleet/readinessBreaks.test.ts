import path from 'node:path';
import { demoImageCatalog } from '../ecr/demoImages';
import { podTemplate } from '../workload/objects/pods';
import { TrafficModel } from '../workload/traffic';
import { buildFleet } from './fleet';
import {
  DEFAULT_READINESS_BREAKS,
  READINESS_BREAK_RULES,
  READINESS_BREAKS,
} from './readinessBreaks';

const demoCatalog = path.resolve(__dirname, '../../../../catalog/demo');
/** Demo services the e2e specs and the existing faults rely on. */
const E2E_SERVICES = [
  'order-service',
  'frontend-ui',
  'api-gateway',
  'feature-flags',
  'payment-gateway',
  'shipping-service',
];

describe('demo services that break the readiness standard', () => {
  const fleet = buildFleet({ catalogDir: demoCatalog });

  it('gives each break to one demo service, and none to the others', () => {
    for (const kind of READINESS_BREAKS) {
      const name = DEFAULT_READINESS_BREAKS[kind];
      expect(fleet.byName.get(name)?.breaks).toEqual([kind]);
      expect(READINESS_BREAK_RULES[kind].length).toBeGreaterThan(0);
    }
    const breaking = new Set(Object.values(DEFAULT_READINESS_BREAKS));
    expect(breaking.size).toBe(READINESS_BREAKS.length);
    for (const service of fleet.services) {
      if (!breaking.has(service.name)) expect(service.breaks).toEqual([]);
      // Faults and breaks never meet, so each breaking service fails only its rules.
      if (breaking.has(service.name))
        expect(Object.values(service.faults).some(Boolean)).toBe(false);
    }
    for (const name of E2E_SERVICES) expect(breaking.has(name)).toBe(false);
  });

  it('keeps every other service on the golden path: prod HPA minimum 3, restricted and complete containers', () => {
    for (const service of fleet.services.filter(s => s.breaks.length === 0)) {
      expect(service.params.hpaMinReplicas).toBeGreaterThanOrEqual(3);
      expect(service.alertTeam).toBe(service.team);
      const [container] = podTemplate(service, 1).spec.containers as any[];
      expect(container.securityContext).toEqual({
        runAsNonRoot: true,
        runAsUser: 10001,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
      expect(container.livenessProbe).toBeDefined();
      expect(container.resources.limits.memory).toBeDefined();
      expect(container.image).toMatch(
        /^123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com\//,
      );
    }
  });

  it('leaves out exactly the broken part of the pod template', () => {
    const containerOf = (kind: keyof typeof DEFAULT_READINESS_BREAKS) =>
      (
        podTemplate(fleet.byName.get(DEFAULT_READINESS_BREAKS[kind])!, 1).spec
          .containers as any[]
      )[0];
    expect(containerOf('missingProbe').livenessProbe).toBeUndefined();
    expect(containerOf('missingProbe').readinessProbe).toBeDefined();
    expect(containerOf('noMemoryLimit').resources).toEqual({
      requests: { cpu: '250m', memory: '256Mi' },
    });
    expect(containerOf('rootContainer').securityContext.runAsUser).toBe(0);
    expect(containerOf('publicImage').image).toMatch(/^docker\.io\/acme\//);
  });

  it('routes the misrouted service’s alerts to another team', () => {
    const service = fleet.byName.get(
      DEFAULT_READINESS_BREAKS.alertsToOtherTeam,
    )!;
    expect(service.alertTeam).not.toBe(service.team);
    expect(fleet.services.map(s => s.team)).toContain(service.alertTeam);
  });

  it('holds the HPA where the break needs it over a whole day of prod load', () => {
    const traffic = new TrafficModel(fleet);
    const desiredOver = (name: string) => {
      const { params } = fleet.byName.get(name)!;
      const desired: number[] = [];
      for (let t = 0; t < 24 * 3600_000; t += 600_000) {
        const demand = traffic.requestRate(fleet.byName.get(name)!, t, 1);
        const raw = Math.ceil(
          demand /
            (params.rpsPerReplicaAtFullCpu *
              (params.cpuTargetUtilization / 100)),
        );
        desired.push(raw);
      }
      return { min: Math.min(...desired), max: Math.max(...desired), params };
    };
    const two = desiredOver(DEFAULT_READINESS_BREAKS.prodTwoReplicas);
    expect(two.max).toBeLessThanOrEqual(two.params.hpaMinReplicas);
    expect(two.params.hpaMinReplicas).toBe(2);
    const one = desiredOver(DEFAULT_READINESS_BREAKS.hpaMinOne);
    expect(one.params.hpaMinReplicas).toBe(1);
    expect(one.min).toBeGreaterThanOrEqual(3);
    expect(one.max).toBeLessThan(one.params.hpaMaxReplicas);
  });

  it('serves clean scans for the demo images, a critical one for its break, and none for the public image', () => {
    const catalog = demoImageCatalog(fleet);
    const digest = `sha256:${'a'.repeat(64)}`;
    const severities = (name: string) =>
      catalog(name, digest)?.scan?.findings?.map(f => f.severity);
    expect(severities('order-service')).toEqual(['LOW', 'LOW']);
    expect(severities(DEFAULT_READINESS_BREAKS.criticalFindings)).toContain(
      'CRITICAL',
    );
    expect(
      catalog(DEFAULT_READINESS_BREAKS.publicImage, digest),
    ).toBeUndefined();
    expect(catalog('not-a-demo-service', digest)).toBeUndefined();
  });
});
