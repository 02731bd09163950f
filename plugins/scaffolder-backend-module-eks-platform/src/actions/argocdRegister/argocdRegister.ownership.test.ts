import { Octokit } from '@octokit/rest';
import yaml from 'yaml';
import {
  ADMIN,
  ArgoCdPlatform,
  MEMBER_OF_A,
  MEMBER_OF_B,
  TEAM_A,
  TEAM_B,
  createArgoCdAction,
  serviceInput,
  startArgoCdPlatform,
  writeCounts,
} from '../../__testUtils__/argocdPlatform';
import { createTestContext } from '../../__testUtils__/testContext';
import { serviceEntity } from '../../__testUtils__/trust';

// Real git behind the GitHub simulator on a shared 2-core machine.
jest.setTimeout(60_000);

/*
 * Who may change what: the same owner reconciles; another owner, or an
 * object without an owner marker, is a ConflictError before any write and
 * reads back unchanged; only a platform admin adopts an unmarked object,
 * and never one that carries someone else's marker.
 */
describe('eks:argocd:register ownership (api mode)', () => {
  let platform: ArgoCdPlatform;
  beforeEach(async () => {
    platform = await startArgoCdPlatform();
  });
  afterEach(() => platform.close());

  const api = (name: string, extra: Record<string, unknown> = {}) =>
    serviceInput(platform, name, { mode: 'api', ...extra });
  const app = (name: string) =>
    platform.argocd.applications().find(a => a.metadata.name === name);
  /** What an owner cares about: spec, labels and annotations (not the controller's status). */
  const owned = () =>
    JSON.stringify(
      [...platform.argocd.applications(), ...platform.argocd.projects()].map(
        o => [
          o.metadata.name,
          o.metadata.labels,
          o.metadata.annotations,
          o.spec,
        ],
      ),
    );
  /** An Application somebody created by hand: no owner marker. */
  async function handMade(name: string, prune: boolean) {
    const res = await fetch(`${platform.argocd.url}/api/v1/applications`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sandbox-argocd-token' },
      body: JSON.stringify({
        metadata: { name, labels: { team: 'legacy' } },
        spec: {
          project: 'default',
          source: {
            repoURL: 'https://github.com/acme/legacy.git',
            path: 'chart',
          },
          destination: {
            server: 'https://dev.eks.example.com',
            namespace: 'team-a',
          },
          syncPolicy: { automated: { prune, selfHeal: false } },
        },
      }),
    });
    expect(res.status).toBe(200);
  }

  it('the same owner reconciles its own objects', async () => {
    const { action } = createArgoCdAction(platform, MEMBER_OF_A);
    await action.handler(createTestContext(api('cart')).ctx);
    await action.handler(
      createTestContext(api('cart', { targetRevision: 'release' })).ctx,
    );
    expect(app('cart-dev')?.spec.sources?.[0].targetRevision).toBe('release');
  });

  it("another team's registration with the same name is a ConflictError, and the first team's objects read back unchanged", async () => {
    await createArgoCdAction(platform, MEMBER_OF_A).action.handler(
      createTestContext(api('cart')).ctx,
    );
    const before = owned();
    const writes = writeCounts(platform);

    const { action } = createArgoCdAction(platform, MEMBER_OF_B);
    const error = await action
      .handler(
        createTestContext(api('cart', { owner: TEAM_B, namespace: undefined }))
          .ctx,
      )
      .catch(e => e);
    expect(error.name).toBe('ConflictError');
    expect(error.message).toContain(
      `Argo CD application "cart-dev" on instance "main" belongs to component:default/cart (owner ${TEAM_A}), not to component:default/cart (owner ${TEAM_B})`,
    );
    // Nothing at all was written, not even team B's own project.
    expect(writeCounts(platform)).toEqual(writes);
    expect(owned()).toBe(before);
  });

  it('a member of another team cannot register for the owning team', async () => {
    const { action } = createArgoCdAction(platform, MEMBER_OF_B);
    const error = await action
      .handler(createTestContext(api('cart')).ctx)
      .catch(e => e);
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toContain(
      `user:default/bob is not a member of ${TEAM_A}`,
    );
    expect(platform.argocd.requestCounts.size).toBe(0);
  });

  it("a service registered in the catalog is its owner's: another team naming itself the owner is a ConflictError before any call", async () => {
    const { action } = createArgoCdAction(platform, MEMBER_OF_B, 10_000, [
      serviceEntity('cart', TEAM_A),
    ]);
    const error = await action
      .handler(
        createTestContext(api('cart', { owner: TEAM_B, namespace: undefined }))
          .ctx,
      )
      .catch(e => e);
    expect(error.name).toBe('ConflictError');
    expect(error.message).toContain(
      `component:default/cart is owned by ${TEAM_A} in the catalog, not by ${TEAM_B}`,
    );
    expect(platform.argocd.requestCounts.size).toBe(0);
  });

  it('a platform admin acts for another team only to adopt: without adoptExisting it is refused like anyone', async () => {
    const error = await createArgoCdAction(platform, ADMIN)
      .action.handler(createTestContext(api('cart')).ctx)
      .catch(e => e);
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toContain(
      `user:default/root is not a member of ${TEAM_A}`,
    );
    expect(platform.argocd.requestCounts.size).toBe(0);
  });

  it('an unmarked Application is a ConflictError for its team, and an admin adopts it without turning pruning on', async () => {
    await handMade('legacy-dev', false);
    const before = JSON.stringify(app('legacy-dev')?.spec);
    const writes = writeCounts(platform);
    const member = createArgoCdAction(platform, MEMBER_OF_A).action;
    const refused = await member
      .handler(createTestContext(api('legacy', { environments: ['dev'] })).ctx)
      .catch(e => e);
    expect(refused.name).toBe('ConflictError');
    expect(refused.message).toContain(
      'Argo CD application "legacy-dev" on instance "main" already exists and has no owner marker',
    );
    expect(writeCounts(platform)).toEqual(writes);
    expect(JSON.stringify(app('legacy-dev')?.spec)).toBe(before);

    const { action, events } = createArgoCdAction(platform, ADMIN);
    await action.handler(
      createTestContext(
        api('legacy', { environments: ['dev'], adoptExisting: true }),
      ).ctx,
    );
    const adopted = app('legacy-dev')!;
    expect(adopted.metadata.annotations).toMatchObject({
      'eks.platform/entity-ref': 'component:default/legacy',
      'eks.platform/owner-ref': TEAM_A,
    });
    expect(adopted.metadata.labels).toMatchObject({ team: 'legacy' });
    expect(adopted.spec.project).toBe('team-a');
    expect(adopted.spec.syncPolicy?.automated?.prune).toBe(false);
    expect(
      events.find(e => e.eventId === 'argocd-application-update')?.meta,
    ).toMatchObject({ decision: 'adopt', application: 'legacy-dev' });

    // From now on it is team A's: a member reconciles it.
    await member.handler(
      createTestContext(api('legacy', { environments: ['dev'] })).ctx,
    );
  });

  it("even an admin cannot adopt an Application carrying another owner's marker", async () => {
    await createArgoCdAction(platform, MEMBER_OF_B).action.handler(
      createTestContext(api('cart', { owner: TEAM_B, environments: ['dev'] }))
        .ctx,
    );
    const writes = writeCounts(platform);
    const error = await createArgoCdAction(platform, ADMIN)
      .action.handler(
        createTestContext(
          api('cart', { environments: ['dev'], adoptExisting: true }),
        ).ctx,
      )
      .catch(e => e);
    expect(error.name).toBe('ConflictError');
    expect(error.message).toContain(
      '"adoptExisting" only applies to resources without an owner marker',
    );
    expect(writeCounts(platform)).toEqual(writes);
  });

  it('an unmarked AppProject of the same name is a ConflictError; adopted by an admin it becomes restricted', async () => {
    const res = await fetch(`${platform.argocd.url}/api/v1/projects`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sandbox-argocd-token' },
      body: JSON.stringify({
        project: {
          metadata: { name: 'team-a' },
          spec: {
            sourceRepos: ['*'],
            destinations: [{ server: '*', namespace: '*' }],
          },
        },
      }),
    });
    expect(res.status).toBe(200);
    const refused = await createArgoCdAction(platform, MEMBER_OF_A)
      .action.handler(createTestContext(api('cart')).ctx)
      .catch(e => e);
    expect(refused.name).toBe('ConflictError');
    expect(refused.message).toContain(
      'Argo CD project "team-a" on instance "main"',
    );
    expect(platform.argocd.applications()).toEqual([]);

    await createArgoCdAction(platform, ADMIN).action.handler(
      createTestContext(api('cart', { adoptExisting: true })).ctx,
    );
    const project = platform.argocd
      .projects()
      .find(p => p.metadata.name === 'team-a')!;
    expect(project.spec.sourceRepos).not.toContain('*');
    expect(project.spec.destinations).not.toContainEqual({
      server: '*',
      namespace: '*',
    });
    expect(project.metadata.annotations?.['eks.platform/owner-ref']).toBe(
      TEAM_A,
    );
  });
});

describe('eks:argocd:register ownership (gitops mode)', () => {
  let platform: ArgoCdPlatform;
  let octokit: Octokit;
  beforeAll(async () => {
    platform = await startArgoCdPlatform();
    octokit = new Octokit({
      auth: platform.github.token,
      baseUrl: platform.github.apiBaseUrl,
    });
  });
  afterAll(() => platform.close());

  const read = async (path: string) => {
    const res = await octokit.rest.repos.getContent({
      owner: 'platform',
      repo: 'gitops',
      path,
      ref: 'main',
    });
    return Buffer.from((res.data as any).content, 'base64').toString('utf8');
  };
  async function putOnMain(path: string, content: string) {
    await octokit.rest.repos.createOrUpdateFileContents({
      owner: 'platform',
      repo: 'gitops',
      path,
      message: `add ${path}`,
      content: Buffer.from(content).toString('base64'),
    });
  }

  it('a GitOps file of another owner on the base branch is a ConflictError before any write', async () => {
    const b = createArgoCdAction(platform, MEMBER_OF_B).action;
    const first = createTestContext(
      serviceInput(platform, 'shop', { owner: TEAM_B, environments: ['dev'] }),
    );
    await b.handler(first.ctx);
    const number = Number(
      String(first.outputs.pullRequestUrl).split('/').pop(),
    );
    await octokit.rest.pulls.merge({
      owner: 'platform',
      repo: 'gitops',
      pull_number: number,
    });
    const before = await read('apps/shop/dev/values.yaml');
    const writes = writeCounts(platform);

    const error = await createArgoCdAction(platform, MEMBER_OF_A)
      .action.handler(
        createTestContext(
          serviceInput(platform, 'shop', { environments: ['dev'] }),
        ).ctx,
      )
      .catch(e => e);
    expect(error.name).toBe('ConflictError');
    expect(error.message).toContain(
      `apps/shop/dev/application.yaml in platform/gitops belongs to component:default/shop (owner ${TEAM_B})`,
    );
    expect(writeCounts(platform)).toEqual(writes);
    expect(await read('apps/shop/dev/values.yaml')).toBe(before);
  });

  it('an unmarked GitOps file is a ConflictError; a platform admin adopts it', async () => {
    await putOnMain('apps/old/dev/values.yaml', 'replicaCount: 2\n');
    const writes = writeCounts(platform);
    const input = serviceInput(platform, 'old', { environments: ['dev'] });
    const error = await createArgoCdAction(platform, MEMBER_OF_A)
      .action.handler(createTestContext(input).ctx)
      .catch(e => e);
    expect(error.name).toBe('ConflictError');
    expect(error.message).toContain(
      'apps/old/dev/values.yaml in platform/gitops already exists and has no owner marker',
    );
    expect(writeCounts(platform)).toEqual(writes);

    const adopted = createTestContext({ ...input, adoptExisting: true });
    await createArgoCdAction(platform, ADMIN).action.handler(adopted.ctx);
    const res = await octokit.rest.repos.getContent({
      owner: 'platform',
      repo: 'gitops',
      path: 'apps/old/dev/values.yaml',
      ref: 'backstage/eks-platform/old',
    });
    const text = Buffer.from((res.data as any).content, 'base64').toString();
    expect(text).toContain(`# eks.platform/owner-ref: ${TEAM_A}`);
    expect(yaml.parse(text)).toMatchObject({ replicaCount: 2 });
  });
});
