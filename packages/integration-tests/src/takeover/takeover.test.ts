import { Sandbox, startSandbox } from '@internal/eks-platform-sandbox';
import {
  ACTION_TEMPLATES,
  goldenPathValues,
  platformConfig,
} from '../harness/platformConfig';
import { ScaffolderClient, waitForEntity } from '../harness/scaffolderClient';
import {
  ServiceLocation,
  readServiceResources,
  writeRequestCounts,
} from '../harness/serviceResources';
import { startSignedInBackend } from '../harness/signedInBackend';
import {
  ADMIN,
  MEMBER_OF_B,
  SERVICE,
  TEAM_A,
  TakeoverAttempt,
  takeoverAttempts,
} from './takeoverAttempts';

/*
 * Issue 10, the takeover suite: through the real catalog, scaffolder, auth
 * and permission backends (the portal's policy module) against the
 * sandbox, a member of team-commerce creates orders-api on the golden path.
 * A member of team-storefront then runs the golden path with the same name
 * and repository and every eks:* action alone against team-commerce's
 * resources (Argo CD in both modes, with adoptExisting too), and a platform
 * admin tries to adopt them: every attempt is refused with the error that
 * names the owner, no write request reaches Vault, ECR, GitHub or Argo CD,
 * and team-commerce's resources read back unchanged. Last, a platform
 * admin adopts an unmarked resource, which the policy lets through.
 */
jest.setTimeout(600_000);

const OWNER = 'guest'; // member of team-commerce (organisation.yaml)

describe('another team cannot take over a service', () => {
  let sandbox: Sandbox;
  let backend: Awaited<ReturnType<typeof startSignedInBackend>>;
  const as: Record<string, ScaffolderClient> = {};
  let location: ServiceLocation;
  let before: Awaited<ReturnType<typeof readServiceResources>>;
  let writesBefore: ReturnType<typeof writeRequestCounts>;
  const refused: TakeoverAttempt[] = [];

  async function run(
    user: string,
    templateRef: string,
    values: Record<string, unknown>,
  ) {
    const client = as[user];
    return client.waitForTask(
      await client.createTask(templateRef, values),
      180_000,
    );
  }

  async function mustComplete(
    user: string,
    templateRef: string,
    values: Record<string, unknown>,
  ) {
    const result = await run(user, templateRef, values);
    expect({
      status: result.status,
      error: result.error,
      log: result.status === 'completed' ? [] : result.log,
    }).toEqual({ status: 'completed', error: undefined, log: [] });
    return result;
  }

  beforeAll(async () => {
    sandbox = await startSandbox({
      ports: 'random',
      prometheus: false,
      control: false,
      clusters: ['dev'],
    });
    backend = await startSignedInBackend({
      ...platformConfig(sandbox, [ACTION_TEMPLATES]),
      permission: { enabled: true },
    });
    for (const user of [OWNER, MEMBER_OF_B, ADMIN]) {
      const { authorization } = await backend.signIn(user);
      as[user] = new ScaffolderClient(backend.baseUrl, authorization);
    }
    const guest = (await backend.signIn(OWNER)).authorization;
    await waitForEntity(
      backend.baseUrl,
      guest,
      'template:default/eks-action-argocd-register',
      60_000,
    );
    await waitForEntity(
      backend.baseUrl,
      guest,
      'template:default/eks-service',
      60_000,
    );

    // Team A's service: the golden path (GitHub repository and settings,
    // ECR, Vault, the GitOps pull request, the catalog entity) ...
    await mustComplete(
      OWNER,
      'template:default/eks-service',
      goldenPathValues(sandbox, SERVICE),
    );
    await waitForEntity(
      backend.baseUrl,
      guest,
      `component:default/${SERVICE}`,
      60_000,
    );
    // ... its cross-account pull policy, and its Applications and AppProject
    // in Argo CD itself (api mode), so that every kind of resource exists.
    await mustComplete(OWNER, 'template:default/eks-action-ecr-create', {
      input: {
        repositoryName: SERVICE,
        owner: TEAM_A,
        pullAccountIds: ['210987654321'],
      },
    });
    await mustComplete(OWNER, 'template:default/eks-action-argocd-register', {
      input: {
        mode: 'api',
        name: SERVICE,
        owner: TEAM_A,
        environments: ['dev', 'stage', 'prod'],
        namespace: 'commerce',
        chartRepoUrl: `${sandbox.urls.github}/git/acme/${SERVICE}.git`,
      },
    });

    location = {
      service: SERVICE,
      org: 'acme',
      project: 'team-commerce',
      environments: ['dev', 'stage', 'prod'],
      gitops: { owner: 'platform', repo: 'gitops', baseBranch: 'main' },
    };
    before = await readServiceResources(sandbox, location);
    writesBefore = writeRequestCounts(sandbox);
  });

  afterAll(async () => {
    await backend?.stop();
    await sandbox?.stop();
  });

  it("team A's service has every kind of resource, each marked as team A's", () => {
    const marker = {
      'eks.platform/entity-ref': `component:default/${SERVICE}`,
      'eks.platform/owner-ref': TEAM_A,
    };
    expect(before.vault.policy).toContain(
      `# eks.platform/owner-ref: ${TEAM_A}`,
    );
    expect(before.vault.kubernetesRole).toMatchObject({
      alias_metadata: marker,
      bound_service_account_namespaces: ['commerce'],
    });
    expect(Object.values(before.vault.kvMetadata)).toEqual([
      expect.objectContaining({ custom_metadata: marker }),
    ]);
    expect(before.ecr?.tags).toEqual(
      expect.arrayContaining([
        { Key: 'eks.platform/owner-ref', Value: TEAM_A },
      ]),
    );
    expect(before.ecr?.lifecyclePolicyText).toBeDefined();
    expect(before.ecr?.policyText).toContain('210987654321');
    expect(before.argocd.applications.map(a => a.name).sort()).toEqual([
      `${SERVICE}-dev`,
      `${SERVICE}-prod`,
      `${SERVICE}-stage`,
    ]);
    expect(before.argocd.project).toEqual([
      expect.objectContaining({
        annotations: expect.objectContaining({
          'eks.platform/owner-ref': TEAM_A,
        }),
      }),
    ]);
    const prod = before.github.environments.find(e => e.name === 'prod');
    expect(prod?.settings?.protection_rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'required_reviewers' }),
      ]),
    );
    expect(before.github.mainProtection).toBeDefined();
    expect(before.gitops.head).toMatch(/^[0-9a-f]{40}$/);
    expect(before.gitops.files[`apps/${SERVICE}/prod/values.yaml`]).toContain(
      `# eks.platform/owner-ref: ${TEAM_A}`,
    );
  });

  describe.each(
    // The sandbox's URLs are known once it runs; the table's shape is not.
    takeoverAttemptsForNames(),
  )('%s', (_name, index) => {
    it('is refused with the owner named, before any side effect', async () => {
      const attempt = takeoverAttempts(sandbox)[index];
      const writes = writeRequestCounts(sandbox);
      const result = await run(
        attempt.user,
        attempt.templateRef,
        attempt.values,
      );
      expect({ status: result.status, error: result.error?.name }).toEqual({
        status: 'failed',
        error: attempt.refusal,
      });
      expect(result.error?.message).toMatch(attempt.message);
      expect(writeRequestCounts(sandbox)).toEqual(writes);
      refused.push(attempt);
    });
  });

  it('leaves every resource of team A as it was, and no write request reached any upstream', async () => {
    expect(refused).toHaveLength(takeoverAttempts(sandbox).length);
    expect(writeRequestCounts(sandbox)).toEqual(writesBefore);
    expect(await readServiceResources(sandbox, location)).toEqual(before);
  });

  it('counts the attempts and their classes for the issue-10 figure', () => {
    const attempts = takeoverAttempts(sandbox);
    expect({
      attempts: attempts.length,
      classes: new Set(attempts.map(a => a.class)).size,
    }).toEqual({ attempts: 29, classes: 8 });
  });

  it('lets a platform admin adopt an unmarked resource (the policy allows it), and only an admin', async () => {
    // A policy and a secret somebody wrote by hand, before the platform.
    const vault = (method: string, path: string, body: unknown) =>
      fetch(`${sandbox.urls.vault}/v1/${path}`, {
        method,
        headers: { 'X-Vault-Token': sandbox.tokens.vault },
        body: JSON.stringify(body),
      }).then(res => expect(res.status).toBeLessThan(300));
    await vault('PUT', 'sys/policies/acl/legacy-api', {
      policy: 'path "secret/data/legacy-api/*" { capabilities = ["read"] }\n',
    });
    await vault('POST', 'secret/data/legacy-api/config', {
      data: { password: 'kept-as-is' },
    });
    const input = {
      serviceName: 'legacy-api',
      owner: TEAM_A,
      namespace: 'commerce',
      secretPaths: ['legacy-api/config'],
    };
    const template = 'template:default/eks-action-vault-register';

    // Its team, without adoption: unmarked is not theirs to take.
    const own = await run(OWNER, template, { input });
    expect(own.error?.name).toBe('ConflictError');
    expect(own.error?.message).toMatch(
      /Vault policy "legacy-api".* already exists and has no owner marker/,
    );
    // Adoption by a non-admin: the permission policy stops the step.
    const member = await run(OWNER, template, {
      input: { ...input, adoptExisting: true },
    });
    expect(member.error).toEqual({
      name: 'NotAllowedError',
      message: expect.stringMatching(/Unauthorized action: eks:vault:register/),
    });
    expect(sandbox.vault.policies()['legacy-api']).not.toContain(
      'eks.platform/owner-ref',
    );

    // A platform admin: the policy lets the step run, the action adopts.
    await mustComplete(ADMIN, template, {
      input: { ...input, adoptExisting: true },
    });
    expect(sandbox.vault.policies()['legacy-api']).toContain(
      `# eks.platform/owner-ref: ${TEAM_A}`,
    );
    expect(sandbox.vault.secret('legacy-api/config')).toEqual({
      password: 'kept-as-is',
    });
    // From now on it is team-commerce's: its member reconciles it.
    await mustComplete(OWNER, template, { input });
  });
});

/**
 * jest needs the table's rows before the sandbox runs; the attempts' count
 * and names do not depend on its URLs.
 */
function takeoverAttemptsForNames(): Array<[string, number]> {
  const placeholder = {
    urls: { githubHost: 'github.invalid', github: 'http://github.invalid' },
  } as unknown as Sandbox;
  return takeoverAttempts(placeholder).map((a, i) => [
    `${a.class}: ${a.what} as ${a.user}`,
    i,
  ]);
}
