import { EntityPlatformStatus } from '@internal/backstage-plugin-eks-platform-common';
import { summarizeHealth } from './healthSummary';
import { clusterStatus as cluster } from '../__testUtils__/statusFixtures';

const none = { state: 'not-configured' as const, hint: 'x' };
const base = (): EntityPlatformStatus['sources'] => ({
  kubernetes: { state: 'ok', data: { clusters: [cluster('dev', true)] } },
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
                pinnedAtMaxSince: '2026-01-05T14:05:09Z',
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
      'prod/n/h: autoscaler pinned at max 3 replicas since 2026-01-05 14:05 UTC',
      'prod/n/p: disruption budget allows no eviction; node drains will block',
      'prod: 2 of 3 ready pods on node a',
    ]);
  });

  describe('pending (not deployed yet)', () => {
    const pullRequest = {
      url: 'http://127.0.0.1:7130/platform/gitops/pull/7',
      title: 'Register checkout in Argo CD (dev, stage, prod)',
      number: 7,
    };
    const argoApp = (healthStatus: string) => ({
      instance: 'main',
      name: 'checkout-dev',
      project: 'team-a',
      syncStatus: 'OutOfSync',
      healthStatus,
      destination: { name: 'dev' },
      url: 'http://127.0.0.1:7120/applications/checkout-dev',
    });

    it('is pending, not healthy, while the registration pull request is open, and carries its link', () => {
      const s = base();
      s.kubernetes = {
        state: 'ok',
        data: { clusters: [cluster('dev', false), cluster('prod', false)] },
      };
      const h = summarizeHealth(s, { pullRequest });
      expect(h.level).toBe('pending');
      expect(h.reasons[0]).toBe(
        'Not deployed yet: registration pull request #7 is open; the service deploys once it is merged',
      );
      expect(h.registration).toEqual({ pullRequest });
    });

    it('is pending when its workloads appear in no cluster, even with no pull request', () => {
      const s = base();
      s.kubernetes = {
        state: 'ok',
        data: { clusters: [cluster('dev', false)] },
      };
      expect(summarizeHealth(s)).toEqual({
        level: 'pending',
        reasons: ['Not deployed yet: no workloads in any cluster'],
      });
    });

    it('is pending over a failing source and reads Argo CD Missing as the pending deployment', () => {
      const s = base();
      s.kubernetes = {
        state: 'ok',
        data: { clusters: [cluster('dev', false)] },
      };
      s.traces = {
        state: 'error',
        error: { upstream: 'jaeger', message: 'HTTP 503' },
      };
      s.argocd = { state: 'ok', data: { applications: [argoApp('Missing')] } };
      const h = summarizeHealth(s);
      expect(h.level).toBe('pending');
      expect(h.reasons).toEqual([
        'Not deployed yet: no workloads in any cluster',
        'Argo CD main/checkout-dev has not deployed it yet',
        'traces status unavailable: HTTP 503',
      ]);
    });

    it('stays critical when a not-deployed service has a critical finding', () => {
      const s = base();
      s.kubernetes = {
        state: 'ok',
        data: { clusters: [cluster('dev', false)] },
      };
      s.argocd = { state: 'ok', data: { applications: [argoApp('Degraded')] } };
      const h = summarizeHealth(s, { pullRequest });
      expect(h.level).toBe('critical');
      expect(h.registration).toBeUndefined();
    });

    it('is not pending once workloads run in one cluster, nor when Kubernetes could not be read', () => {
      const s = base();
      s.kubernetes = {
        state: 'ok',
        data: { clusters: [cluster('dev', true), cluster('prod', false)] },
      };
      expect(summarizeHealth(s).level).toBe('healthy');
      s.kubernetes = {
        state: 'error',
        error: { upstream: 'kubernetes/dev', message: 'timeout' },
      };
      expect(summarizeHealth(s).level).toBe('warning');
    });

    it('names a crash-looping pod in plain words', () => {
      const s = base();
      const dev = cluster('dev', true);
      dev.pods = [
        {
          namespace: 'n',
          name: 'checkout-7d9f-x2k4q',
          phase: 'Running',
          ready: false,
          restarts: 12,
          reason: 'CrashLoopBackOff',
        },
      ];
      s.kubernetes = { state: 'ok', data: { clusters: [dev] } };
      expect(summarizeHealth(s)).toEqual({
        level: 'warning',
        reasons: [
          'dev: pod checkout-7d9f-x2k4q is crash-looping (CrashLoopBackOff, 12 restarts)',
        ],
      });
    });

    it('is not pending for an open pull request of a service that already runs (a re-run)', () => {
      const h = summarizeHealth(base(), { pullRequest });
      expect(h).toEqual({ level: 'healthy', reasons: [] });
    });

    it('is pending with an open pull request even when no source has data', () => {
      const h = summarizeHealth(
        { kubernetes: none, alerts: none, traces: none, argocd: none },
        { pullRequest },
      );
      expect(h.level).toBe('pending');
    });
  });
});
