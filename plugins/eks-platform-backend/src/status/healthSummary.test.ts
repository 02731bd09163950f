import { EntityPlatformStatus } from '@internal/backstage-plugin-eks-platform-common';
import { summarizeHealth } from './healthSummary';

const none = { state: 'not-configured' as const, hint: 'x' };
const base = (): EntityPlatformStatus['sources'] => ({
  kubernetes: { state: 'ok', data: { clusters: [] } },
  alerts: { state: 'ok', data: { alerts: [], instances: [] } },
  traces: none,
  argocd: none,
});

describe('summarizeHealth', () => {
  it('is healthy with no findings and unknown with no data at all', () => {
    expect(summarizeHealth(base())).toEqual({ level: 'healthy', reasons: [] });
    expect(
      summarizeHealth({
        kubernetes: none,
        alerts: none,
        traces: none,
        argocd: none,
      }).level,
    ).toBe('unknown');
  });

  it('puts a firing critical alert before a failing source, and ignores silenced alerts', () => {
    const s = base();
    const alert = {
      fingerprint: 'f',
      name: 'ServiceAvailabilityBudgetBurnFast',
      severity: 'critical',
      state: 'active',
      silenced: false,
      inhibited: false,
      startsAt: '',
      labels: {},
      alertmanager: 'main',
      summary: 'checkout is burning its availability error budget fast (page)',
    };
    s.alerts = {
      state: 'ok',
      data: {
        alerts: [
          alert,
          { ...alert, name: 'Silenced', state: 'suppressed', silenced: true },
        ],
        instances: [],
      },
    };
    s.argocd = {
      state: 'error',
      error: { upstream: 'argocd/main', message: 'HTTP 500' },
    };
    const h = summarizeHealth(s);
    expect(h.level).toBe('critical');
    expect(h.reasons).toEqual([
      'alert ServiceAvailabilityBudgetBurnFast firing: checkout is burning its availability error budget fast (page)',
      'argocd status unavailable: HTTP 500',
    ]);
  });

  it('warns about a pinned HPA, a drain-blocking PDB and a spread that does not hold', () => {
    const s = base();
    s.kubernetes = {
      state: 'ok',
      data: {
        clusters: [
          {
            cluster: 'prod',
            state: 'ok',
            deployments: [
              {
                namespace: 'n',
                name: 'd',
                replicas: {
                  desired: 3,
                  updated: 3,
                  ready: 3,
                  available: 3,
                  unavailable: 0,
                },
                rollout: { state: 'complete' },
                images: [],
              },
            ],
            pods: [],
            hpas: [
              {
                namespace: 'n',
                name: 'h',
                target: { kind: 'Deployment', name: 'd' },
                minReplicas: 2,
                maxReplicas: 3,
                currentReplicas: 3,
                desiredReplicas: 3,
                metrics: [],
                conditions: [],
                pinnedAtMax: true,
                pinnedAtMaxSince: 'T',
              },
            ],
            pdbs: [
              {
                namespace: 'n',
                name: 'p',
                currentHealthy: 3,
                desiredHealthy: 3,
                expectedPods: 3,
                disruptionsAllowed: 0,
                blocksDrains: true,
              },
            ],
            placement: {
              podsPerZone: {},
              podsPerNode: {},
              spreadHolds: false,
              problems: ['2 of 3 ready pods on node a'],
            },
          },
        ],
      },
    };
    const h = summarizeHealth(s);
    expect(h.level).toBe('warning');
    expect(h.reasons).toEqual([
      'prod/n/h: autoscaler pinned at max 3 replicas since T',
      'prod/n/p: disruption budget allows no eviction; node drains will block',
      'prod: 2 of 3 ready pods on node a',
    ]);
  });
});
