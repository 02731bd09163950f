import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  GitHubSimulator,
  gitHubSimulatorIntegrations,
  startGitHubSimulator,
} from '@internal/eks-platform-sandbox';
import {
  HostileCase,
  hostileRows,
  hostileTally,
} from '../../__testUtils__/hostile';
import {
  ALICE,
  BOB,
  CAROL,
  ROOT,
  TEAM_A,
  TEAM_B,
  initiator,
  serviceEntity,
  testTrust,
  withPlatformTrust,
} from '../../__testUtils__/trust';
import { createServicePreflightAction } from './servicePreflight';

// The simulators keep real git repositories; on a loaded 2-core machine
// starting them takes longer than jest's 5 s default.
jest.setTimeout(30_000);

/*
 * eks:service:preflight is the golden path's first step: running it with
 * another team's service name, or for a team the user is not in, must stop
 * the task there, before any side effect. Every case runs through the real
 * action against the sandbox GitHub, which receives no write request.
 */

const catalogInfo = (name: string, owner: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  owner: ${owner}\n  lifecycle: production\n`;

/** team-b's service, registered from its repository. */
const billing = (url: string): Entity => ({
  ...serviceEntity('billing', 'team-b'),
  metadata: {
    name: 'billing',
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-origin-location': `url:${url}/acme/billing/blob/main/catalog-info.yaml`,
    },
  },
});

const CASES: HostileCase[] = [
  {
    class: "another team's service name (repository and entity)",
    input: { componentName: 'billing', repo: 'billing' },
    refusal: ConflictError,
    message:
      /component:default\/billing is owned by group:default\/team-b in the catalog, not by group:default\/team-a/,
  },
  {
    class: "another team's repository (not registered)",
    input: { componentName: 'ledger', repo: 'ledger' },
    refusal: ConflictError,
    message:
      /Repository acme\/ledger belongs to component:default\/ledger \(owner group:default\/team-b\)/,
  },
  {
    class: "another team's registered entity (no repository)",
    input: { componentName: 'invoices', repo: 'invoices' },
    refusal: ConflictError,
    message: /owned by group:default\/team-b in the catalog/,
  },
  {
    class: 'repository of another entity or without catalog-info.yaml',
    input: { componentName: 'legacy', repo: 'legacy' },
    refusal: ConflictError,
    message: /has no catalog-info.yaml/,
  },
  {
    class: 'repository of another entity or without catalog-info.yaml',
    input: { componentName: 'checkout', repo: 'billing' },
    refusal: ConflictError,
    message: /describes "billing", not "checkout"/,
  },
  {
    class: 'entity of the same owner registered from elsewhere',
    input: { componentName: 'elsewhere', repo: 'elsewhere' },
    refusal: ConflictError,
    message:
      /already has component:default\/elsewhere from url:https:\/\/example.com/,
  },
  ...[BOB, CAROL, ROOT].map(user => ({
    class: 'new service owned by a group the user is not in',
    input: { componentName: 'brand-new', repo: 'brand-new' },
    user,
    refusal: NotAllowedError,
    message:
      /is not a member of group:default\/team-a, which owns component:default\/brand-new/,
  })),
  {
    class: 'new service owned by a group the user is not in',
    input: { componentName: 'brand-new', repo: 'brand-new', owner: TEAM_B },
    refusal: NotAllowedError,
  },
  ...['evil-org', 'platform'].map(org => ({
    class: 'repository outside the configured organisations',
    input: { componentName: 'brand-new', repo: 'brand-new', org },
    refusal: NotAllowedError,
    message: /eksPlatform.tenancy.githubOrganizations/,
  })),
  ...[
    { owner: 'user:default/alice' },
    { owner: 'group:default/team-a\nx' },
    { owner: '' },
    { namespace: 'default/../x' },
  ].map(input => ({
    class: 'malformed owner or catalog namespace',
    input: { componentName: 'brand-new', repo: 'brand-new', ...input },
    refusal: InputError,
  })),
  ...[
    { componentName: '../etc', repo: 'x' },
    {
      componentName: 'ok',
      repo: 'ok',
      catalogInfoPath: '../catalog-info.yaml',
    },
    { componentName: 'ok', repo: '..' },
  ].map(input => ({
    class: 'malformed name, path or repository',
    input,
    refusal: InputError,
  })),
];

describe('eks:service:preflight stops another team before any side effect', () => {
  let github: GitHubSimulator;
  beforeAll(async () => {
    github = await startGitHubSimulator({
      owners: ['acme', 'platform', 'evil-org'],
      repositories: [
        {
          owner: 'acme',
          name: 'billing',
          files: { 'catalog-info.yaml': catalogInfo('billing', 'team-b') },
        },
        {
          owner: 'acme',
          name: 'ledger',
          files: { 'catalog-info.yaml': catalogInfo('ledger', 'team-b') },
        },
        {
          owner: 'acme',
          name: 'elsewhere',
          files: { 'catalog-info.yaml': catalogInfo('elsewhere', 'team-a') },
        },
        { owner: 'acme', name: 'legacy', files: { 'README.md': '# x\n' } },
      ],
    });
  });
  afterAll(() => github.close());

  function action() {
    const data = withPlatformTrust({
      integrations: gitHubSimulatorIntegrations(github),
    });
    return createServicePreflightAction({
      config: new ConfigReader(data),
      ...testTrust(data, [
        billing(github.url),
        serviceEntity('invoices', 'team-b'),
        {
          ...serviceEntity('elsewhere', 'team-a'),
          metadata: {
            name: 'elsewhere',
            namespace: 'default',
            annotations: {
              'backstage.io/managed-by-origin-location':
                'url:https://example.com/catalog-info.yaml',
            },
          },
        },
      ]),
    });
  }

  it.each(hostileRows(CASES))('refuses %s', async (_name, hostile) => {
    const { repo, org, ...input } = hostile.input as Record<string, any>;
    const writesBefore = [...github.writeRequests];
    const ctx = {
      ...createMockActionContext<any>({
        input: {
          repoUrl: `${github.host}?owner=${org ?? 'acme'}&repo=${repo}`,
          owner: TEAM_A,
          ...input,
        },
      }),
      ...initiator(hostile.user ?? ALICE),
    };
    const error = await action()
      .handler(ctx)
      .catch(e => e);
    expect(error).toBeInstanceOf(hostile.refusal);
    expect(error.message).toMatch(hostile.message ?? /\S/);
    expect(ctx.output).not.toHaveBeenCalledWith('needsPublish', true);
    expect(github.writeRequests).toEqual(writesBefore);
  });

  it('covers every class with at least one input', () => {
    expect(hostileTally(CASES)).toEqual({ inputs: 19, classes: 9 });
  });
});
