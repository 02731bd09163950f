import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ScorecardQueryResponse } from '@internal/backstage-plugin-eks-platform-common';
import {
  ecrSimulatorAwsConfig,
  READINESS_BREAK_RULES,
  Sandbox,
  sandboxStatusConfig,
  startSandbox,
} from '@internal/eks-platform-sandbox';
import request from 'supertest';
import {
  DEMO_CATALOG_DIR,
  demoComponents,
  describeWithTracingStack,
} from '../__testUtils__/sandboxBackend';
import eksPlatformPlugin from '..';

/*
 * The integration test: over a started sandbox (prod only, every
 * source real or simulated as the portal reads it), the real status backend
 * and scorecard find exactly the demo services that break the golden path
 * (packages/sandbox/docs/workload.md, "Readiness breaks"), each failing
 * exactly its rules, and every other demo service failing none. Random
 * rollouts and crash loops and the sandbox's faults are off: they fail
 * rules too, on purpose, and would blur the exact sets.
 */
const describeWithStack = describeWithTracingStack(
  'the sandbox scorecard test',
);

/** Each owner's namespaces, as the demo catalog annotates its components. */
function demoTeams(components: Entity[]) {
  const byOwner = new Map<string, Set<string>>();
  for (const e of components) {
    const owner = String(e.spec?.owner);
    const group = owner.includes(':') ? owner : `group:default/${owner}`;
    const namespace =
      e.metadata.annotations?.['backstage.io/kubernetes-namespace'];
    if (!namespace) continue;
    byOwner.set(group, (byOwner.get(group) ?? new Set()).add(namespace));
  }
  return [...byOwner].map(([group, namespaces]) => ({
    group,
    namespaces: [...namespaces],
  }));
}

/** Failing rule ids per service name, in prod. */
type Failures = Record<string, string[]>;

function failuresOf(response: ScorecardQueryResponse): Failures {
  return Object.fromEntries(
    response.items.map(card => {
      const prod = card.environments.find(e => e.environment === 'prod');
      const failing = (prod?.results ?? [])
        .filter(r => r.outcome === 'fail')
        .map(r => r.ruleId)
        .sort();
      return [card.entityRef.split('/').pop()!, failing];
    }),
  );
}

function sameFailures(a: Failures, b: Failures): boolean {
  const keys = Object.keys(b);
  return (
    Object.keys(a).length === keys.length &&
    keys.every(k => a[k]?.join() === b[k].join())
  );
}

describeWithStack('scorecard over the sandbox', () => {
  let sandbox: Sandbox;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const components = demoComponents();

  beforeAll(async () => {
    sandbox = await startSandbox({
      ports: 'random',
      clusters: ['prod'],
      control: false,
      prometheus: true,
      traces: true,
      rolloutChance: 0,
      crashChance: 0,
      fleet: {
        catalogDir: DEMO_CATALOG_DIR,
        faults: {
          highErrorRate: [],
          highLatency: [],
          lowAvailability: [],
          hpaPinned: [],
        },
      },
      spanEmitter: { intervalMs: 500, sampleOneIn: 4 },
    });
    const config = sandboxStatusConfig(sandbox);
    backend = await startTestBackend({
      features: [
        eksPlatformPlugin,
        // The pollers run on their schedule as in the portal: the test
        // backend's mock scheduler runs each task once, at start-up, when no
        // span rate or alert exists yet, so traces and alerts stayed as
        // they were then (the traces-arrive gap this test used to record).
        schedulerServiceFactory,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({ entities: components }),
        mockServices.rootConfig.factory({
          data: {
            ...config,
            aws: ecrSimulatorAwsConfig(),
            eksPlatform: {
              ...config.eksPlatform,
              tenancy: { teams: demoTeams(components) },
              alerts: { prometheus: { url: sandbox.urls.prometheus } },
              ecr: {
                region: 'eu-west-1',
                accountId: '123456789012',
                endpoint: sandbox.urls.ecr,
              },
              environments: [
                {
                  name: 'prod',
                  cluster: 'prod',
                  argocd: {
                    instance: 'main',
                    destinationServer: sandbox.urls.kubernetes.prod,
                  },
                  namespacePattern: '{team}',
                  vault: { kubernetesAuthMount: 'kubernetes' },
                  aws: { accountId: '123456789012', region: 'eu-west-1' },
                  promotion: 'pull-request',
                },
              ],
              status: { refreshSeconds: { alerts: 2, traces: 2, argocd: 2 } },
            },
          },
        }),
      ],
    });
  }, 240_000);

  afterAll(async () => {
    await backend?.stop();
    await sandbox?.stop();
  }, 60_000);

  async function query(): Promise<ScorecardQueryResponse> {
    const res = await request(backend.server)
      .post('/api/eks-platform/v1/scorecard/query')
      .set('Authorization', mockCredentials.user.header())
      .send({ entityRefs: components.map(e => stringifyEntityRef(e)) });
    expect(res.status).toBe(200);
    return res.body;
  }

  const expected: Failures = {};

  it('finds exactly the demo services that break a rule, each failing exactly its rules', async () => {
    for (const entity of components) {
      const service = sandbox.fleet.byName.get(entity.metadata.name);
      expect(service?.faults).toEqual({
        highErrorRate: false,
        highLatency: false,
        lowAvailability: false,
        hpaPinned: false,
      });
      expected[entity.metadata.name] = [
        ...new Set(service!.breaks.flatMap(b => READINESS_BREAK_RULES[b])),
      ].sort();
    }
    // Every break is carried by a demo service of this catalog.
    expect(
      Object.values(expected).filter(rules => rules.length > 0),
    ).toHaveLength(Object.keys(READINESS_BREAK_RULES).length);

    // Until every source has answered (the first alerts and span rates
    // take a scrape or two), rules are unknown, never a false pass or fail;
    // pods still starting fail the availability rules for a while.
    const deadline = Date.now() + 150_000;
    let last: ScorecardQueryResponse | undefined;
    let seen: Failures = {};
    while (Date.now() < deadline) {
      last = await query();
      seen = failuresOf(last);
      const stillUnknown = last.items.some(card =>
        card.environments
          .find(e => e.environment === 'prod')
          ?.results.some(
            r =>
              r.outcome === 'unknown' &&
              expected[card.entityRef.split('/').pop()!].includes(r.ruleId),
          ),
      );
      if (!stillUnknown && sameFailures(seen, expected)) break;
      await new Promise(r => setTimeout(r, 3000));
    }
    expect(last!.errors).toEqual([]);
    expect(seen).toEqual(expected);
  }, 200_000);
});
