import { Octokit } from '@octokit/rest';
import sodium from 'libsodium-wrappers';
import { GitHubSimulator, startGitHubSimulator } from '../startGitHubSimulator';

/** Seals a value exactly as the Backstage GitHub actions do. */
async function seal(value: string, publicKeyBase64: string) {
  await sodium.ready;
  const key = sodium.from_base64(
    publicKeyBase64,
    sodium.base64_variants.ORIGINAL,
  );
  const sealed = sodium.crypto_box_seal(sodium.from_string(value), key);
  return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
}

describe('GitHub simulator: environments, variables, secrets, branch protection', () => {
  let github: GitHubSimulator;
  let octokit: Octokit;
  const owner = 'platform';
  const repo = 'orders';

  beforeAll(async () => {
    github = await startGitHubSimulator({ users: ['alice'] });
    octokit = new Octokit({ baseUrl: github.apiBaseUrl, auth: github.token });
    await github.createRepository({
      owner,
      name: repo,
      files: { 'README.md': '# orders\n' },
    });
  });
  afterAll(() => github.close());

  it("stores repository variables with GitHub's naming rules and conflicts", async () => {
    await octokit.rest.actions.createRepoVariable({
      owner,
      repo,
      name: 'aws_region',
      value: 'eu-west-1',
    });
    await expect(
      octokit.rest.actions.createRepoVariable({
        owner,
        repo,
        name: 'AWS_REGION',
        value: 'x',
      }),
    ).rejects.toMatchObject({ status: 409 });
    await expect(
      octokit.rest.actions.createRepoVariable({
        owner,
        repo,
        name: 'GITHUB_X',
        value: 'x',
      }),
    ).rejects.toMatchObject({ status: 422 });
    await octokit.rest.actions.updateRepoVariable({
      owner,
      repo,
      name: 'AWS_REGION',
      value: 'eu-central-1',
    });
    const variable = await octokit.rest.actions.getRepoVariable({
      owner,
      repo,
      name: 'AWS_REGION',
    });
    expect(variable.data).toMatchObject({
      name: 'AWS_REGION',
      value: 'eu-central-1',
    });
    const list = await octokit.rest.actions.listRepoVariables({ owner, repo });
    expect(list.data.total_count).toBe(1);
  });

  it('runs the secrets public-key flow and never returns secret values', async () => {
    const key = await octokit.rest.actions.getRepoPublicKey({ owner, repo });
    expect(
      sodium.from_base64(key.data.key, sodium.base64_variants.ORIGINAL),
    ).toHaveLength(32);
    const created = await octokit.rest.actions.createOrUpdateRepoSecret({
      owner,
      repo,
      secret_name: 'DB_PASSWORD',
      key_id: key.data.key_id,
      encrypted_value: await seal('s3cr3t-value', key.data.key),
    });
    expect(created.status).toBe(201);
    const updated = await octokit.rest.actions.createOrUpdateRepoSecret({
      owner,
      repo,
      secret_name: 'DB_PASSWORD',
      key_id: key.data.key_id,
      encrypted_value: await seal('rotated', key.data.key),
    });
    expect(updated.status).toBe(204);

    // Sealed to another key: the simulator cannot open it, like GitHub.
    await sodium.ready;
    const foreign = sodium.to_base64(
      sodium.crypto_box_keypair().publicKey,
      sodium.base64_variants.ORIGINAL,
    );
    await expect(
      octokit.rest.actions.createOrUpdateRepoSecret({
        owner,
        repo,
        secret_name: 'OTHER',
        key_id: key.data.key_id,
        encrypted_value: await seal('x', foreign),
      }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      octokit.rest.actions.createOrUpdateRepoSecret({
        owner,
        repo,
        secret_name: 'OTHER',
        key_id: 'stale',
        encrypted_value: await seal('x', key.data.key),
      }),
    ).rejects.toMatchObject({ status: 422 });

    const meta = await octokit.rest.actions.getRepoSecret({
      owner,
      repo,
      secret_name: 'DB_PASSWORD',
    });
    const list = await octokit.rest.actions.listRepoSecrets({ owner, repo });
    expect(list.data.secrets.map(s => s.name)).toEqual(['DB_PASSWORD']);
    const everything = JSON.stringify([meta.data, list.data, github.repos()]);
    expect(everything).not.toContain('rotated');
    expect(everything).not.toContain('s3cr3t-value');
  });

  it('creates environments with reviewers, branch policies, variables and secrets', async () => {
    const alice = (
      await octokit.rest.users.getByUsername({ username: 'alice' })
    ).data.id;
    const team = (
      await octokit.rest.teams.getByName({
        org: owner,
        team_slug: 'developers',
      })
    ).data.id;
    const env = await octokit.rest.repos.createOrUpdateEnvironment({
      owner,
      repo,
      environment_name: 'production',
      wait_timer: 5,
      reviewers: [
        { type: 'User', id: alice },
        { type: 'Team', id: team },
      ],
      deployment_branch_policy: {
        protected_branches: false,
        custom_branch_policies: true,
      },
    });
    expect(env.data.protection_rules?.map(r => r.type)).toEqual([
      'wait_timer',
      'required_reviewers',
      'branch_policy',
    ]);
    await expect(
      octokit.rest.repos.createOrUpdateEnvironment({
        owner,
        repo,
        environment_name: 'bad',
        deployment_branch_policy: {
          protected_branches: true,
          custom_branch_policies: true,
        },
      }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      octokit.rest.repos.createOrUpdateEnvironment({
        owner,
        repo,
        environment_name: 'bad',
        reviewers: [{ type: 'User', id: 999999 }],
      }),
    ).rejects.toMatchObject({ status: 422 });

    await octokit.rest.repos.createDeploymentBranchPolicy({
      owner,
      repo,
      environment_name: 'production',
      name: 'main',
      type: 'branch',
    } as any);
    const repoId = (await octokit.rest.repos.get({ owner, repo })).data.id;
    // octokit 19 addresses environment variables and secrets by repository id.
    await octokit.rest.actions.createEnvironmentVariable({
      repository_id: repoId,
      environment_name: 'production',
      name: 'STAGE',
      value: 'prod',
    });
    const envKey = await octokit.rest.actions.getEnvironmentPublicKey({
      repository_id: repoId,
      environment_name: 'production',
    });
    await octokit.rest.actions.createOrUpdateEnvironmentSecret({
      repository_id: repoId,
      environment_name: 'production',
      secret_name: 'TOKEN',
      key_id: envKey.data.key_id,
      encrypted_value: await seal('t', envKey.data.key),
    });
    // …and newer clients by owner/repo.
    const byName = await fetch(
      `${github.apiBaseUrl}/repos/${owner}/${repo}/environments/production/variables/STAGE`,
      {
        headers: { authorization: `Bearer ${github.token}` },
      },
    );
    expect(await byName.json()).toMatchObject({ name: 'STAGE', value: 'prod' });
    expect(github.repos().find(r => r.name === repo)!.environments).toEqual([
      {
        name: 'production',
        variables: { STAGE: 'prod' },
        secretNames: ['TOKEN'],
        branchPolicies: ['branch:main'],
      },
    ]);
    await expect(
      octokit.rest.actions.createEnvironmentVariable({
        repository_id: repoId,
        environment_name: 'missing',
        name: 'A',
        value: 'b',
      }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("protects branches with GitHub's request validation", async () => {
    await expect(
      octokit.request(
        'PUT /repos/{owner}/{repo}/branches/{branch}/protection',
        { owner, repo, branch: 'main', enforce_admins: true } as any,
      ),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      octokit.rest.repos.updateBranchProtection({
        owner,
        repo,
        branch: 'nope',
        required_status_checks: null,
        enforce_admins: true,
        required_pull_request_reviews: null,
        restrictions: null,
      }),
    ).rejects.toMatchObject({
      status: 404,
      response: { data: { message: 'Branch not found' } },
    });
    const protection = await octokit.rest.repos.updateBranchProtection({
      owner,
      repo,
      branch: 'main',
      required_status_checks: { strict: true, contexts: ['ci'] },
      enforce_admins: true,
      required_pull_request_reviews: {
        required_approving_review_count: 2,
        require_code_owner_reviews: true,
      },
      restrictions: null,
      required_linear_history: true,
    });
    expect(protection.data).toMatchObject({
      required_status_checks: { strict: true, contexts: ['ci'] },
      enforce_admins: { enabled: true },
      required_pull_request_reviews: {
        required_approving_review_count: 2,
        require_code_owner_reviews: true,
      },
      required_linear_history: { enabled: true },
    });
    await octokit.rest.repos.createCommitSignatureProtection({
      owner,
      repo,
      branch: 'main',
    });
    const read = await octokit.rest.repos.getBranchProtection({
      owner,
      repo,
      branch: 'main',
    });
    expect(read.data.required_signatures?.enabled).toBe(true);
    expect(
      (await octokit.rest.repos.getBranch({ owner, repo, branch: 'main' })).data
        .protected,
    ).toBe(true);

    // Protection applies to the Git refs API: no force-updates, no deletion.
    const head = (
      await octokit.rest.git.getRef({ owner, repo, ref: 'heads/main' })
    ).data.object.sha;
    const tree = (
      await octokit.rest.git.getCommit({ owner, repo, commit_sha: head })
    ).data.tree.sha;
    const orphan = await octokit.rest.git.createCommit({
      owner,
      repo,
      message: 'orphan',
      tree,
      parents: [],
    });
    await expect(
      octokit.rest.git.updateRef({
        owner,
        repo,
        ref: 'heads/main',
        sha: orphan.data.sha,
        force: true,
      }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      octokit.rest.git.deleteRef({ owner, repo, ref: 'heads/main' }),
    ).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'Cannot delete this protected branch' } },
    });
  });
});
