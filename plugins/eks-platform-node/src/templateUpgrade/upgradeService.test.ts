import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  GitHubSimulator,
  startGitHubSimulator,
} from '@internal/eks-platform-sandbox';
import { Octokit } from '@octokit/rest';
import { TEMPLATE_RECORD_PATH } from '@internal/backstage-plugin-eks-platform-common';
import {
  generateAt,
  MINI_TEMPLATE_REF,
  miniTemplateRepository,
  simulatorIntegrations,
} from '../__testUtils__/miniTemplate';
import { sandboxGithubClient } from '../__testUtils__/sandboxClients';
import { upgradeService } from './upgradeService';

// Real git processes: the simulator's repositories, the template history, merge-file.
jest.setTimeout(60_000);

const OWNER = 'acme';
const REPO = 'orders';
const authorship = {
  identity: { name: 'EKS Platform', email: 'platform@example.com' },
  trailers: { 'Template-Upgrade': 'component:default/orders' },
  description: 'eks:template:upgrade for component:default/orders',
};

describe('upgradeService against the sandbox GitHub', () => {
  let github: GitHubSimulator;
  let octokit: Octokit;
  let template: Awaited<ReturnType<typeof miniTemplateRepository>>;

  beforeAll(async () => {
    template = await miniTemplateRepository();
  });
  afterAll(async () => {
    await template.cleanup();
  });

  /** A service generated at 1.0.0 and pushed to the sandbox GitHub, as publish:github does. */
  async function generatedService() {
    // The repoUrl's host only names the project slug's owner/repo.
    const files = await generateAt(
      template.history,
      '1.0.0',
      {
        name: 'orders',
        owner: 'group:default/team-a',
        replicas: 2,
        repoUrl: `github.com?owner=${OWNER}&repo=${REPO}`,
      },
      ScmIntegrations.fromConfig(new ConfigReader({})),
    );
    github = await startGitHubSimulator({
      users: ['jdoe'],
      repositories: [{ owner: OWNER, name: REPO, files }],
    });
    octokit = new Octokit({ auth: github.token, baseUrl: github.apiBaseUrl });
    return files;
  }
  afterEach(async () => {
    await github?.close();
  });

  /** One commit on main by the team. */
  async function teamCommit(files: Record<string, string | null>) {
    await github.pushCommit(OWNER, REPO, { files });
  }

  async function fileOn(branch: string, path: string) {
    const res = await octokit.rest.repos
      .getContent({ owner: OWNER, repo: REPO, path, ref: branch })
      .catch(e => (e.status === 404 ? undefined : Promise.reject(e)));
    if (!res) return undefined;
    return Buffer.from((res.data as any).content, 'base64').toString('utf8');
  }

  async function upgrade(dryRun: boolean) {
    const { gh } = await sandboxGithubClient(github, OWNER, REPO);
    return upgradeService({
      gh,
      integrations: simulatorIntegrations(github),
      history: template.history,
      templateRef: MINI_TEMPLATE_REF,
      dryRun,
      authorship,
    });
  }

  async function pullDiff(number: number) {
    const res = await fetch(
      `${github.apiBaseUrl}/repos/${OWNER}/${REPO}/pulls/${number}`,
      {
        headers: {
          authorization: `token ${github.token}`,
          accept: 'application/vnd.github.diff',
        },
      },
    );
    return res.text();
  }

  it('records the template, its version and values in the generated repository', async () => {
    const files = await generatedService();
    const record = JSON.parse(files[TEMPLATE_RECORD_PATH]);
    expect(record).toMatchObject({
      apiVersion: 'eks.platform/template-record/v1',
      templateRef: MINI_TEMPLATE_REF,
      templateVersion: '1.0.0',
      values: { name: 'orders', replicas: 2 },
    });
    expect(files['catalog-info.yaml']).toContain(
      'eks.platform/template-version: "1.0.0"',
    );
  });

  it('opens a pull request whose merge keeps the team’s edits and takes the template’s changes', async () => {
    const generated = await generatedService();
    await teamCommit({
      // The team scales up and adds code…
      'chart/values.yaml': generated['chart/values.yaml'].replace(
        'replicaCount: 2',
        'replicaCount: 4',
      ),
      'src/index.ts': `${generated['src/index.ts']}\nexport const port = 8080;\n`,
      // …rewrites a doc the template later drops, and deletes another file.
      'docs/legacy-setup.md': '# Legacy set-up\n\nOur own notes.\n',
      'CONTRIBUTING.md': null,
    });

    const dryRun = await upgrade(true);
    expect(dryRun.status).toBe('dry-run');
    // Nothing written by the dry run.
    expect(
      (await octokit.rest.pulls.list({ owner: OWNER, repo: REPO })).data,
    ).toHaveLength(0);
    await expect(
      octokit.rest.git.getRef({
        owner: OWNER,
        repo: REPO,
        ref: 'heads/template-upgrade/v1.1.0',
      }),
    ).rejects.toMatchObject({ status: 404 });

    const result = await upgrade(false);
    expect(result).toMatchObject({
      status: 'created',
      fromVersion: '1.0.0',
      toVersion: '1.1.0',
      branch: 'template-upgrade/v1.1.0',
      conflicts: [],
    });
    expect(result.outcomes).toMatchObject({
      'chart/values.yaml': 'merged',
      'chart/templates/prometheusrule.yaml': 'updated',
      '.github/workflows/ci.yml': 'updated',
      Makefile: 'removed',
      'docs/legacy-setup.md': 'kept-changed',
      'CONTRIBUTING.md': 'kept-deleted',
      '.backstage/template.json': 'updated',
      'catalog-info.yaml': 'updated',
    });
    expect(result.outcomes['src/index.ts']).toBeUndefined();
    // The dry run's diff is the pull request's diff.
    expect(await pullDiff(result.pullRequestNumber!)).toBe(dryRun.diff);
    expect(dryRun.diff).toContain('+        - alert: ErrorBudgetBurnRate');

    const pull = await octokit.rest.pulls.get({
      owner: OWNER,
      repo: REPO,
      pull_number: result.pullRequestNumber!,
    });
    expect(pull.data.body).toContain('actions/checkout v4.2.3');
    expect(pull.data.body).toContain('None: every change merged cleanly.');

    await octokit.rest.pulls.merge({
      owner: OWNER,
      repo: REPO,
      pull_number: result.pullRequestNumber!,
      merge_method: 'squash',
    });
    const values = await fileOn('main', 'chart/values.yaml');
    expect(values).toContain('replicaCount: 4'); // the team's
    expect(values).toContain('sampleRatio: 0.1'); // the template's, defaulted
    expect(await fileOn('main', 'src/index.ts')).toContain('port = 8080');
    expect(await fileOn('main', '.github/workflows/ci.yml')).toContain(
      '# v4.2.3',
    );
    expect(await fileOn('main', 'Makefile')).toBeUndefined();
    expect(await fileOn('main', 'CONTRIBUTING.md')).toBeUndefined();
    expect(await fileOn('main', 'docs/legacy-setup.md')).toContain(
      'Our own notes.',
    );
    expect(
      JSON.parse((await fileOn('main', TEMPLATE_RECORD_PATH))!).templateVersion,
    ).toBe('1.1.0');
    expect(await fileOn('main', 'catalog-info.yaml')).toContain(
      'eks.platform/template-version: "1.1.0"',
    );

    // Merged: the repository is on 1.1.0 now, nothing more to propose.
    expect((await upgrade(false)).status).toBe('up-to-date');
  });

  it('leaves conflict markers, lists them in the pull request, and updates the same pull request on a re-run', async () => {
    const generated = await generatedService();
    // The team pinned another checkout version on the line the template changes.
    const teamCi = generated['.github/workflows/ci.yml'].replace(
      'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
      'actions/checkout@0000000000000000000000000000000000000001 # team pin',
    );
    await teamCommit({ '.github/workflows/ci.yml': teamCi });

    const first = await upgrade(false);
    expect(first.status).toBe('created');
    expect(first.conflicts).toEqual(['.github/workflows/ci.yml']);
    const ci = await fileOn(first.branch, '.github/workflows/ci.yml');
    expect(ci).toContain('<<<<<<< repository');
    expect(ci).toContain('# team pin');
    expect(ci).toContain('# v4.2.3');
    expect(ci).toContain('>>>>>>> template-target');
    const pull = await octokit.rest.pulls.get({
      owner: OWNER,
      repo: REPO,
      pull_number: first.pullRequestNumber!,
    });
    expect(pull.data.title).toContain('(1 conflict)');
    expect(pull.data.body).toContain('- [ ] `.github/workflows/ci.yml`');

    // Re-run without changes: the same pull request, untouched.
    const again = await upgrade(false);
    expect(again).toMatchObject({
      status: 'unchanged',
      pullRequestNumber: first.pullRequestNumber,
    });

    // The team drops its pin: the re-run rewrites the branch and the same PR.
    await teamCommit({
      '.github/workflows/ci.yml': generated['.github/workflows/ci.yml'],
    });
    const rerun = await upgrade(false);
    expect(rerun).toMatchObject({
      status: 'updated',
      conflicts: [],
      pullRequestNumber: first.pullRequestNumber,
    });
    const pulls = await octokit.rest.pulls.list({
      owner: OWNER,
      repo: REPO,
      state: 'all',
    });
    expect(pulls.data).toHaveLength(1);
    expect(pulls.data[0].title).not.toContain('conflict');
    expect(pulls.data[0].body).toContain('None: every change merged cleanly.');
    expect(
      await fileOn(rerun.branch, '.github/workflows/ci.yml'),
    ).not.toContain('<<<<<<<');
  });

  it('says how to adopt a repository without a record, and adopts it with the recorded version', async () => {
    const generated = await generatedService();
    await teamCommit({ [TEMPLATE_RECORD_PATH]: null });
    await expect(upgrade(false)).rejects.toThrow(
      /has no \.backstage\/template\.json .*"adopt": \{ "version"/,
    );
    const { gh } = await sandboxGithubClient(github, OWNER, REPO);
    const adopted = await upgradeService({
      gh,
      integrations: simulatorIntegrations(github),
      history: template.history,
      templateRef: MINI_TEMPLATE_REF,
      targetVersion: '1.0.0',
      adopt: {
        version: '1.0.0',
        values: JSON.parse(generated[TEMPLATE_RECORD_PATH]).values,
      },
      dryRun: false,
      authorship,
    });
    expect(adopted.status).toBe('created');
    expect(adopted.outcomes).toEqual({ [TEMPLATE_RECORD_PATH]: 'added' });
    expect(adopted.body).toContain('adopted');
  });

  it('refuses a record that holds secret-looking values, before writing anything', async () => {
    const generated = await generatedService();
    const record = JSON.parse(generated[TEMPLATE_RECORD_PATH]);
    record.values.githubToken = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
    await teamCommit({ [TEMPLATE_RECORD_PATH]: JSON.stringify(record) });
    await expect(upgrade(false)).rejects.toThrow(
      /values\.githubToken: the key names secret material/,
    );
    expect(
      (await octokit.rest.pulls.list({ owner: OWNER, repo: REPO })).data,
    ).toHaveLength(0);
  });
});
