import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AddressInfo } from 'node:net';
import { Sandbox, startSandbox } from '@internal/eks-platform-sandbox';
import { execFileSync } from 'node:child_process';
import yaml from 'yaml';
import {
  DEMO_PEERS,
  SANDBOX_GUEST,
  goldenPathValues,
  platformConfig,
} from './harness/platformConfig';
import { ScaffolderClient, waitForEntity } from './harness/scaffolderClient';
import { platformFeatures } from './harness/platformFeatures';
import { upstreamInventory } from './harness/inventory';

/*
 * The golden path through the real scaffolder backend (catalog, scaffolder,
 * the stock GitHub module and our actions) against the sandbox's GitHub,
 * ECR, Vault and Argo CD simulators. Issue 5: running the same input twice
 * succeeds both times and leaves exactly one of everything.
 */
jest.setTimeout(240_000);

describe('golden path template, end to end', () => {
  let sandbox: Sandbox;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let scaffolder: ScaffolderClient;
  let baseUrl: string;
  // The sandbox's guest, a member of the golden path's owner (team-commerce).
  const auth = mockCredentials.user.header(SANDBOX_GUEST.userEntityRef);

  beforeAll(async () => {
    sandbox = await startSandbox({
      ports: 'random',
      prometheus: false,
      control: false,
      clusters: ['dev'],
    });
    backend = await startTestBackend({
      features: [
        ...platformFeatures(),
        mockServices.rootConfig.factory({
          data: platformConfig(sandbox, DEMO_PEERS),
        }),
      ],
    });
    baseUrl = `http://127.0.0.1:${
      (backend.server.address() as AddressInfo).port
    }`;
    scaffolder = new ScaffolderClient(baseUrl, auth);
    await waitForEntity(baseUrl, auth, 'template:default/eks-service', 60_000);
    await waitForEntity(baseUrl, auth, SANDBOX_GUEST.userEntityRef, 60_000);
    await waitForEntity(baseUrl, auth, 'component:default/frontend-ui', 60_000);
    await waitForEntity(
      baseUrl,
      auth,
      'api:default/search-service-api',
      60_000,
    );
  });

  afterAll(async () => {
    await backend?.stop();
    await sandbox?.stop();
  });

  it('creates the service once, and a second run with the same input changes nothing', async () => {
    // A caller and a dependency picked from the demo catalog.
    const values = {
      ...goldenPathValues(sandbox, 'checkout-api'),
      allowedCallers: ['component:default/frontend-ui'],
      dependencies: [
        'component:default/order-service',
        'api:default/search-service-api',
      ],
    };
    const first = await scaffolder.waitForTask(
      await scaffolder.createTask('template:default/eks-service', values),
      180_000,
    );
    expect({
      status: first.status,
      log: first.status === 'completed' ? [] : first.log,
    }).toEqual({
      status: 'completed',
      log: [],
    });
    const afterFirst = upstreamInventory(sandbox, 'checkout-api');
    expect(afterFirst).toMatchObject({
      githubRepos: 1,
      ecrRepositories: 1,
      vaultPolicies: 1,
      vaultKubernetesRoles: 1,
      gitopsOpenPullRequests: 1,
    });
    await waitForEntity(
      baseUrl,
      auth,
      'component:default/checkout-api',
      60_000,
    );
    // The repository carries the resolved platform context: the team's
    // namespace, each environment's cluster, the picked peers' workloads.
    const repo = sandbox.github.repos().find(r => r.name === 'checkout-api')!;
    const show = (file: string) =>
      execFileSync('git', ['-C', repo.gitDir, 'show', `main:${file}`], {
        encoding: 'utf8',
      });
    const chart = yaml.parse(show('chart/values.yaml'));
    expect(chart.networkPolicy.allowedCallers).toEqual([
      { name: 'frontend-ui', namespace: 'storefront' },
    ]);
    expect(chart.networkPolicy.dependencies).toEqual([
      { name: 'order-service', namespace: 'commerce', port: 'http' },
      { name: 'search-service', namespace: 'storefront', port: 'http' },
    ]);
    expect(yaml.parse(show('chart/values-prod.yaml')).clusterName).toBe('prod');
    const entity = yaml.parse(show('catalog-info.yaml'));
    expect(entity.metadata.description).toBe(values.description);
    expect(
      entity.metadata.annotations['backstage.io/kubernetes-namespace'],
    ).toBe('commerce');
    expect(entity.spec).toMatchObject({
      lifecycle: 'experimental',
      dependsOn: ['component:default/order-service'],
      consumesApis: ['api:default/search-service-api'],
    });

    const second = await scaffolder.waitForTask(
      await scaffolder.createTask('template:default/eks-service', values),
      180_000,
    );
    expect({
      status: second.status,
      log: second.status === 'completed' ? [] : second.log,
    }).toEqual({
      status: 'completed',
      log: [],
    });
    expect(upstreamInventory(sandbox, 'checkout-api')).toEqual(afterFirst);
    // The re-run said what it found instead of silently doing nothing.
    expect(second.log.join('\n')).toMatch(/already/i);
    // Links point at the one repository and the one ECR repository.
    expect(JSON.stringify(second.output)).toContain('acme/checkout-api');
    expect(JSON.stringify(second.output)).toContain(
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/checkout-api',
    );
  });

  it('rejects hostile input before any step runs', async () => {
    const before = upstreamInventory(sandbox, 'evil');
    const values = {
      ...goldenPathValues(sandbox, 'evil'),
      name: '../evil${{ secrets.X }}',
    };
    const res = await fetch(`${baseUrl}/api/scaffolder/v2/tasks`, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        templateRef: 'template:default/eks-service',
        values,
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/name/);
    expect(upstreamInventory(sandbox, 'evil')).toEqual(before);
  });
});
