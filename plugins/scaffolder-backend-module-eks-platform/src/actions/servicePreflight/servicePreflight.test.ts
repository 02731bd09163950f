import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  GitHubSimulator,
  gitHubSimulatorIntegrations,
  startGitHubSimulator,
} from '@internal/eks-platform-sandbox';
import {
  ALICE,
  TEAM_A,
  initiator,
  testTrust,
  withPlatformTrust,
} from '../../__testUtils__/trust';
import { createServicePreflightAction } from './servicePreflight';

// The simulators keep real git repositories; on a loaded 2-core machine
// starting them takes longer than jest's 5 s default.
jest.setTimeout(30_000);

/** A context for a member of team-a, the owner chosen in the form. */
const context = (input: Record<string, unknown>, user = ALICE) => ({
  ...createMockActionContext<any>({ input: { owner: TEAM_A, ...input } }),
  ...initiator(user),
});

const catalogInfo = (name: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  owner: team-a\n  lifecycle: production\n`;

describe('eks:service:preflight', () => {
  let github: GitHubSimulator;

  beforeAll(async () => {
    github = await startGitHubSimulator({ owners: ['acme'] });
    await github.createRepository({
      owner: 'acme',
      name: 'checkout',
      files: { 'catalog-info.yaml': catalogInfo('checkout') },
    });
    await github.createRepository({
      owner: 'acme',
      name: 'legacy',
      files: { 'README.md': '# legacy\n' },
    });
    await github.createRepository({
      owner: 'acme',
      name: 'other',
      files: { 'catalog-info.yaml': catalogInfo('billing') },
    });
    await github.createRepository({ owner: 'acme', name: 'half-done' });
  });
  afterAll(() => github.close());

  function action(entities: Entity[] = []) {
    const data = withPlatformTrust({
      integrations: gitHubSimulatorIntegrations(github),
      eksPlatform: { actions: { timeoutMs: 2000, retry: { attempts: 1 } } },
    });
    return createServicePreflightAction({
      config: new ConfigReader(data),
      ...testTrust(data, entities),
    });
  }

  const repoUrl = (repo: string) => `${github.host}?owner=acme&repo=${repo}`;

  it('says everything is still to do for a new service', async () => {
    const ctx = context({
      repoUrl: repoUrl('brand-new'),
      componentName: 'brand-new',
    });
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('repoExists', false);
    expect(ctx.output).toHaveBeenCalledWith('needsPublish', true);
    expect(ctx.output).toHaveBeenCalledWith('entityRegistered', false);
    expect(ctx.output).toHaveBeenCalledWith(
      'existingService',
      'Nothing of this service existed before: this run created it from the values of the form.',
    );
  });

  it('skips publish and registration on a re-run of the same service', async () => {
    const contentsUrl = `${github.url}/acme/checkout/blob/main`;
    const registered = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'checkout',
        namespace: 'default',
        annotations: {
          'backstage.io/managed-by-origin-location': `url:${contentsUrl}/catalog-info.yaml`,
        },
      },
      spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
    };
    const ctx = context({
      repoUrl: repoUrl('checkout'),
      componentName: 'checkout',
    });
    await action([registered]).handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('repoExists', true);
    expect(ctx.output).toHaveBeenCalledWith('needsPublish', false);
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoUrl',
      `${contentsUrl}/catalog-info.yaml`,
    );
    expect(ctx.output).toHaveBeenCalledWith('entityRegistered', true);
  });

  it('says as an output what a re-run with another lifecycle left unchanged, and where to change it', async () => {
    const contentsUrl = `${github.url}/acme/checkout/blob/main`;
    const registered = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'checkout',
        namespace: 'default',
        annotations: {
          'backstage.io/managed-by-origin-location': `url:${contentsUrl}/catalog-info.yaml`,
        },
      },
      spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
    };
    const ctx = context({
      repoUrl: repoUrl('checkout'),
      componentName: 'checkout',
      lifecycle: 'deprecated',
    });
    await action([registered]).handler(ctx);
    const report = (ctx.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'existingService',
    )?.[1];
    expect(report).toContain(
      '- **lifecycle** stays "production" (the form asked for "deprecated")',
    );
    expect(report).toContain(
      `open a pull request on [catalog-info.yaml](${contentsUrl}/catalog-info.yaml)`,
    );
  });

  it('publishes into an empty repository left by an interrupted run', async () => {
    const ctx = context({
      repoUrl: repoUrl('half-done'),
      componentName: 'half-done',
    });
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('repoExists', true);
    expect(ctx.output).toHaveBeenCalledWith('needsPublish', true);
  });

  it('refuses a repository that belongs to another service, before any change', async () => {
    const ctx = context({
      repoUrl: repoUrl('other'),
      componentName: 'checkout',
    });
    await expect(action().handler(ctx)).rejects.toThrow(
      /already exists and describes "billing", not "checkout"/,
    );
    const legacy = context({
      repoUrl: repoUrl('legacy'),
      componentName: 'legacy',
    });
    await expect(action().handler(legacy)).rejects.toThrow(
      /has no catalog-info.yaml: it was not created by this template/,
    );
  });

  it('refuses a catalog name that is taken by another location', async () => {
    const taken = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'brand-new',
        namespace: 'default',
        annotations: {
          'backstage.io/managed-by-origin-location':
            'url:https://example.com/x.yaml',
        },
      },
      spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
    };
    const ctx = context({
      repoUrl: repoUrl('brand-new'),
      componentName: 'brand-new',
    });
    await expect(action([taken]).handler(ctx)).rejects.toThrow(
      /already has component:default\/brand-new from url:https:\/\/example.com\/x.yaml/,
    );
  });

  it('rejects bad input before calling GitHub', async () => {
    const before = github.requestCounts.size;
    const total = () =>
      [...github.requestCounts.values()].reduce((a, b) => a + b, 0);
    const calls = total();
    for (const input of [
      { repoUrl: repoUrl('x'), componentName: '../etc' },
      { repoUrl: repoUrl('x'), componentName: 'UPPER' },
      {
        repoUrl: repoUrl('x'),
        componentName: 'ok',
        catalogInfoPath: '../catalog-info.yaml',
      },
      { repoUrl: 'nohost.example?owner=acme&repo=x', componentName: 'ok' },
    ]) {
      await expect(action().handler(context(input))).rejects.toThrow(
        /Invalid input/,
      );
    }
    expect(total()).toBe(calls);
    expect(github.requestCounts.size).toBe(before);
  });

  it('makes no call in dry run', async () => {
    const calls = [...github.requestCounts.values()].reduce((a, b) => a + b, 0);
    // createMockActionContext drops isDryRun; the runner sets it on the context.
    const ctx = {
      ...context({ repoUrl: repoUrl('checkout'), componentName: 'checkout' }),
      isDryRun: true,
    };
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('needsPublish', true);
    expect([...github.requestCounts.values()].reduce((a, b) => a + b, 0)).toBe(
      calls,
    );
  });
});
