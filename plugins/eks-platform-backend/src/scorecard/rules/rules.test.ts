import { ScorecardRuleContext } from '@internal/backstage-plugin-eks-platform-node';
import {
  compliantContext,
  NOW,
  prodCluster,
} from '../__testUtils__/compliantService';
import { BUILT_IN_RULES } from '.';

type Change = (context: ScorecardRuleContext) => void;

function verdictOf(id: string, change: Change = () => {}) {
  const rule = BUILT_IN_RULES.find(r => r.id === id)!;
  expect(rule).toBeDefined();
  const context = compliantContext();
  change(context);
  return rule.evaluate(context);
}

const sourceDown =
  (source: 'kubernetes' | 'alerts' | 'traces' | 'argocd'): Change =>
  context => {
    context.status.sources[source] = {
      state: 'error',
      error: { upstream: `${source}/main`, message: 'connection refused' },
    };
  };
const sourceStale =
  (source: 'kubernetes' | 'alerts' | 'traces' | 'argocd'): Change =>
  context => {
    context.status.sources[source] = {
      ...context.status.sources[source],
      state: 'stale',
      error: { upstream: `${source}/main`, message: 'deadline exceeded' },
    } as any;
  };
const container = (context: ScorecardRuleContext) =>
  prodCluster(context).deployments[0].podTemplate!.containers[0];
const minutesAgo = (m: number) =>
  new Date(NOW.getTime() - m * 60_000).toISOString();

describe('built-in scorecard rules', () => {
  it('have unique kebab-case ids, a why and a fix each', () => {
    const ids = BUILT_IN_RULES.map(r => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of BUILT_IN_RULES) {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.why.length).toBeGreaterThan(20);
      expect(rule.fix.length).toBeGreaterThan(20);
    }
  });

  it.each(BUILT_IN_RULES.map(r => r.id))(
    '%s passes on a service that meets the standard',
    id => {
      expect(verdictOf(id)).toEqual({ outcome: 'pass', reasons: [] });
    },
  );

  it.each(
    BUILT_IN_RULES.filter(r => r.id !== 'template-current').map(r => r.id),
  )('%s is unknown, never a pass, when every source is down', id => {
    const verdict = verdictOf(id, context => {
      for (const s of ['kubernetes', 'alerts', 'traces', 'argocd'] as const)
        sourceDown(s)(context);
      context.images = undefined;
    });
    expect(verdict.outcome).toBe('unknown');
    expect(verdict.reasons[0]).toMatch(/unavailable|not configured/);
  });

  it.each(
    BUILT_IN_RULES.filter(r => r.id !== 'template-current').map(r => r.id),
  )('%s does not pass on stale data', id => {
    const verdict = verdictOf(id, context => {
      for (const s of ['kubernetes', 'alerts', 'traces', 'argocd'] as const)
        sourceStale(s)(context);
    });
    expect(verdict.outcome).toBe('unknown');
  });

  const cases: Array<[string, string, Change, RegExp]> = [
    [
      'replicas-spread-zones',
      'fails with two ready replicas',
      c => {
        prodCluster(c).deployments[0].replicas.ready = 2;
        prodCluster(c).pods[2].ready = false;
      },
      /2 ready replicas, needs 3.*|ready pods run in 2 zones/,
    ],
    [
      'replicas-spread-zones',
      'fails with pods in two zones',
      c => {
        prodCluster(c).pods[2].zone = 'eu-west-1a';
      },
      /ready pods run in 2 zones \(eu-west-1a, eu-west-1b\), needs 3/,
    ],
    [
      'replicas-distinct-nodes',
      'fails with two ready pods on one node',
      c => {
        prodCluster(c).pods[1].node = 'node-0';
      },
      /2 ready pods on node node-0/,
    ],
    [
      'pdb-allows-drain',
      'fails without a PodDisruptionBudget',
      c => {
        prodCluster(c).pdbs = [];
      },
      /no PodDisruptionBudget/,
    ],
    [
      'pdb-allows-drain',
      'fails when the budget blocks drains',
      c => {
        Object.assign(prodCluster(c).pdbs[0], {
          disruptionsAllowed: 0,
          blocksDrains: true,
        });
      },
      /allows 0 evictions.*node drains hang/,
    ],
    [
      'hpa-configured',
      'fails without an HPA',
      c => {
        prodCluster(c).hpas = [];
      },
      /no HorizontalPodAutoscaler/,
    ],
    [
      'hpa-min-replicas',
      'fails with minReplicas 2',
      c => {
        prodCluster(c).hpas[0].minReplicas = 2;
      },
      /minReplicas 2, needs 3/,
    ],
    [
      'hpa-not-pinned-at-max',
      'fails when pinned at max longer than allowed',
      c => {
        Object.assign(prodCluster(c).hpas[0], {
          pinnedAtMax: true,
          pinnedAtMaxSince: minutesAgo(45),
        });
      },
      /at its maximum of 10 replicas for 45 minutes \(limit 30\)/,
    ],
    [
      'container-probes',
      'fails without a liveness probe',
      c => {
        container(c).livenessProbe = false;
      },
      /container app of checkout: no liveness probe/,
    ],
    [
      'container-resources',
      'fails without a memory limit',
      c => {
        container(c).limits = {};
      },
      /no memory limit/,
    ],
    [
      'restricted-security-context',
      'fails as root with a writable filesystem',
      c => {
        container(c).securityContext = { capabilitiesDrop: [] };
      },
      /may run as root, writable root filesystem, privilege escalation allowed, capabilities not all dropped/,
    ],
    [
      'network-policy',
      'fails when no NetworkPolicy selects the pods',
      c => {
        prodCluster(c).networkPolicies = [];
      },
      /no NetworkPolicy selects the pods/,
    ],
    [
      'alert-rules-exist',
      'fails without alerting rules',
      c => {
        c.status.sources.alerts.data!.rules!.names = [];
      },
      /no alerting rule in main/,
    ],
    [
      'alerts-route-to-owner',
      'fails when alerts go to another team',
      c => {
        c.status.sources.alerts.data!.routing = [
          {
            alertmanager: 'main',
            receivers: ['team-other'],
            reachesOwner: false,
          },
        ];
      },
      /go to team-other, none of the owning team/,
    ],
    [
      'traces-arrive',
      'fails without spans in the last 15 minutes',
      c => {
        c.status.sources.traces.data!.series = [
          { timestamp: minutesAgo(40), requestRate: 5, errorRatio: 0 },
          { timestamp: minutesAgo(5), requestRate: 0, errorRatio: 0 },
        ];
        c.status.sources.traces.data!.current.requestRate = 0;
      },
      /no spans in the last 15 minutes/,
    ],
    [
      'trace-error-ratio',
      'fails above the objective',
      c => {
        for (const p of c.status.sources.traces.data!.series)
          p.errorRatio = 0.05;
      },
      /5.00% of requests failed .* \(objective 1.00%\)/,
    ],
    [
      'argocd-synced-healthy',
      'fails when out of sync',
      c => {
        c.status.sources.argocd.data!.applications[0].syncStatus = 'OutOfSync';
      },
      /checkout-prod is OutOfSync and Healthy/,
    ],
    [
      'image-from-organisation-ecr',
      'fails on an image from Docker Hub',
      c => {
        Object.assign(c.images![0], {
          inOrganisationRegistry: false,
          registry: 'docker.io',
          repository: 'library/nginx',
        });
      },
      /docker.io\/library\/nginx@sha256:.* is not in the organisation’s ECR/,
    ],
    [
      'image-scan-clean',
      'fails with a critical finding',
      c => {
        c.images![0].counts = { CRITICAL: 1, HIGH: 3 };
      },
      /checkout@sha256:[0-9a-f]+: 1 CRITICAL$/,
    ],
    [
      'template-current',
      'fails when behind the template',
      c => {
        c.currentTemplateVersion = '1.5.0';
      },
      /on template version 1.4.0, the current one is 1.5.0/,
    ],
  ];
  it.each(cases)('%s %s', (id, _what, change, reason) => {
    const verdict = verdictOf(id, change);
    expect(verdict.outcome).toBe('fail');
    expect(verdict.reasons.join('\n')).toMatch(reason);
  });

  const unknowns: Array<[string, string, Change, RegExp]> = [
    [
      'replicas-spread-zones',
      'when not deployed in the environment',
      c => {
        prodCluster(c).deployments = [];
      },
      /not deployed in prod yet/,
    ],
    [
      'replicas-spread-zones',
      'when the cluster is out of sync',
      c => {
        prodCluster(c).state = 'stale';
      },
      /cluster prod is stale/,
    ],
    [
      'container-probes',
      'when the pod template is not reported',
      c => {
        delete prodCluster(c).deployments[0].podTemplate;
      },
      /pod template of checkout is not reported/,
    ],
    [
      'network-policy',
      'when NetworkPolicies are not watched',
      c => {
        delete prodCluster(c).networkPolicies;
      },
      /NetworkPolicies of cluster prod are not watched/,
    ],
    [
      'alert-rules-exist',
      'when no Prometheus rules are read',
      c => {
        delete c.status.sources.alerts.data!.rules;
      },
      /no Prometheus rules are read/,
    ],
    [
      'alerts-route-to-owner',
      'when the routing tree is not read',
      c => {
        delete c.status.sources.alerts.data!.routing;
      },
      /routing tree is not read/,
    ],
    [
      'hpa-not-pinned-at-max',
      'when pinned since an unknown time',
      c => {
        prodCluster(c).hpas[0].pinnedAtMax = true;
      },
      /since an unknown time/,
    ],
    [
      'trace-error-ratio',
      'without requests to judge',
      c => {
        c.status.sources.traces.data!.series = [];
        c.status.sources.traces.data!.current.requestRate = 0;
      },
      /no requests in the last 15 minutes/,
    ],
    [
      'argocd-synced-healthy',
      'when no application deploys to the environment',
      c => {
        c.status.sources.argocd.data!.applications = [];
      },
      /no Argo CD application deploys it to prod/,
    ],
    [
      'image-scan-clean',
      'while the scan is in progress',
      c => {
        c.images![0].scanStatus = 'IN_PROGRESS';
      },
      /scan of sha256:.* is IN_PROGRESS/,
    ],
    [
      'image-scan-clean',
      'when the running digest has no scan yet',
      c => {
        c.images = [];
      },
      /no scan facts for sha256:/,
    ],
    [
      'image-from-organisation-ecr',
      'when the pods’ digests are not reported',
      c => {
        delete prodCluster(c).pods[0].imageDigests;
      },
      /image digests of the pods are not reported/,
    ],
    [
      'template-current',
      'without the template-version annotation',
      c => {
        delete c.entity.metadata.annotations!['eks.platform/template-version'];
      },
      /no eks.platform\/template-version annotation/,
    ],
    [
      'template-current',
      'when the current template version is not known',
      c => {
        c.currentTemplateVersion = undefined;
      },
      /current version of its template is not known/,
    ],
  ];
  it.each(unknowns)('%s is unknown %s', (id, _what, change, reason) => {
    const verdict = verdictOf(id, change);
    expect(verdict.outcome).toBe('unknown');
    expect(verdict.reasons.join('\n')).toMatch(reason);
  });

  it('image-scan-clean fails on HIGH findings only when the threshold is high', () => {
    const high: Change = c => {
      c.images![0].counts = { HIGH: 2 };
    };
    expect(verdictOf('image-scan-clean', high).outcome).toBe('pass');
    const verdict = verdictOf('image-scan-clean', c => {
      high(c);
      c.thresholds.imageSeverityThreshold = 'HIGH';
    });
    expect(verdict).toEqual({
      outcome: 'fail',
      reasons: [expect.stringMatching(/: 2 HIGH$/)],
    });
  });

  it('traces-arrive and trace-error-ratio judge a service seen minutes ago by its current rate before the series has points', () => {
    const fresh: Change = c => {
      c.status.sources.traces.data!.series = [];
      Object.assign(c.status.sources.traces.data!.current, {
        requestRate: 2,
        errorRatio: 0.2,
      });
    };
    expect(verdictOf('traces-arrive', fresh).outcome).toBe('pass');
    expect(verdictOf('trace-error-ratio', fresh)).toMatchObject({
      outcome: 'fail',
      reasons: [expect.stringMatching(/^20.00% of requests failed/)],
    });
  });

  it('hpa-not-pinned-at-max passes while pinned for less than the configured time', () => {
    const verdict = verdictOf('hpa-not-pinned-at-max', c => {
      Object.assign(prodCluster(c).hpas[0], {
        pinnedAtMax: true,
        pinnedAtMaxSince: minutesAgo(45),
      });
      c.thresholds.hpaPinnedMaxMinutes = 60;
    });
    expect(verdict.outcome).toBe('pass');
  });
});
