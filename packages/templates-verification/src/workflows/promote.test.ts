import {
  ArgoCdSimulator,
  GitHubSimulator,
  startArgoCdSimulator,
  startGitHubSimulator,
  upstreamBinary,
} from '@internal/eks-platform-sandbox';
import { execFile } from 'node:child_process';
import path from 'node:path';
import yaml from 'yaml';
import { skeletonDir } from '../paths';

/*
 * The generated repository's promotion script (.github/scripts/promote.sh)
 * against the sandbox's Argo CD and GitHub simulators, with real git
 * behind GitHub and the Argo CD simulator resolving the GitOps branch with
 * git ls-remote: a pull request is opened only when the previous
 * environment is Synced and Healthy at that image, dev's is merged at once,
 * and a branch with someone else's commit is never pushed over. The script
 * runs with mikefarah's yq (the one GitHub's runners ship), built by the
 * upstream bootstrap, plus Debian's git, curl and jq.
 */

// Each run clones, commits and pushes with real git on a shared 2-core machine.
jest.setTimeout(120_000);

const script = path.join(skeletonDir, '.github', 'scripts', 'promote.sh');
const SERVICE = 'orders';
const OWNER = 'group:default/team-a';
const tag = (c: string) => c.repeat(40);
const T1 = tag('1');
const T2 = tag('2');
const T3 = tag('3');

function valuesFile(env: string) {
  return [
    `# eks.platform/entity-ref: component:default/${SERVICE}`,
    `# eks.platform/owner-ref: ${OWNER}`,
    '# Managed by Backstage (eks:argocd:register). Change it through pull requests.',
    'image:',
    `  repository: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/${SERVICE}`,
    `# ${env}`,
    '',
  ].join('\n');
}

describe('promote.sh against the sandbox Argo CD and GitHub', () => {
  let github: GitHubSimulator;
  let argocd: ArgoCdSimulator;
  let yqDir: string;

  beforeAll(async () => {
    yqDir = path.dirname(upstreamBinary('yq').path);
    github = await startGitHubSimulator({
      owners: ['platform'],
      repositories: [
        {
          owner: 'platform',
          name: 'gitops',
          files: Object.fromEntries(
            ['dev', 'stage', 'prod'].map(env => [
              `apps/${SERVICE}/${env}/values.yaml`,
              valuesFile(env),
            ]),
          ),
        },
      ],
    });
    argocd = await startArgoCdSimulator({
      reconcileDelayMs: 50,
      repositories: [
        { url: `${github.url}/git/`, username: 'x', password: github.token },
      ],
    });
    const gitops = `${github.url}/git/platform/gitops.git`;
    const envs = [
      ['dev', 'automatic', undefined],
      ['stage', 'pull-request', 'dev'],
      ['prod', 'pull-request', 'stage'],
    ] as const;
    for (const [env, promotion, from] of envs) {
      // As eks:argocd:register writes them (api mode, the same spec as gitops mode's files).
      const res = await fetch(`${argocd.url}/api/v1/applications`, {
        method: 'POST',
        headers: { Authorization: 'Bearer sandbox-argocd-token' },
        body: JSON.stringify({
          metadata: {
            name: `${SERVICE}-${env}`,
            annotations: {
              'eks.platform/promotion': promotion,
              ...(from ? { 'eks.platform/promotes-from': from } : {}),
            },
          },
          spec: {
            sources: [
              {
                repoURL: 'https://github.com/acme/orders.git',
                path: 'chart',
                targetRevision: 'main',
                helm: {
                  valueFiles: [`$values/apps/${SERVICE}/${env}/values.yaml`],
                },
              },
              { repoURL: gitops, targetRevision: 'main', ref: 'values' },
            ],
            destination: {
              server: `https://${env}.eks.example.com`,
              namespace: 'team-a',
            },
            syncPolicy: {
              automated: { prune: env === 'dev', selfHeal: true },
            },
          },
        }),
      });
      if (res.status !== 200) {
        throw new Error(`seeding ${SERVICE}-${env}: ${await res.text()}`);
      }
    }
  });
  afterAll(async () => {
    await argocd?.close();
    await github?.close();
  });

  function promote(
    env: string,
    imageTag: string,
    extra: Record<string, string> = {},
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise(resolve => {
      execFile(
        'bash',
        [script],
        {
          env: {
            PATH: `${yqDir}:${process.env.PATH}`,
            HOME: process.env.HOME ?? '/tmp',
            GH_TOKEN: github.token,
            GITHUB_API_URL: github.apiBaseUrl,
            GITOPS_REPOSITORY: 'platform/gitops',
            SERVICE_NAME: SERVICE,
            IMAGE_TAG: imageTag,
            ENVIRONMENT: env,
            ARGOCD_SERVER: argocd.url,
            ARGOCD_AUTH_TOKEN: 'sandbox-argocd-token',
            WAIT_SECONDS: '20',
            POLL_SECONDS: '0.2',
            ...extra,
          },
        },
        (error, stdout, stderr) =>
          resolve({
            code: error ? (error as any).code ?? 1 : 0,
            stdout,
            stderr,
          }),
      );
    });
  }

  const gitops = () =>
    github.repos().find(r => r.fullName === 'platform/gitops')!;
  const branchOf = (env: string, t: string) =>
    `promote/${SERVICE}-${env}-${t.slice(0, 12)}`;
  const pullFor = (branch: string) =>
    gitops().pulls.find(p => p.head === branch);
  async function fileAt(file: string, ref: string) {
    const res = await fetch(
      `${
        github.apiBaseUrl
      }/repos/platform/gitops/contents/${file}?ref=${encodeURIComponent(ref)}`,
      {
        headers: {
          Authorization: `token ${github.token}`,
          Accept: 'application/vnd.github.raw',
        },
      },
    );
    return res.ok ? res.text() : undefined;
  }
  const tagOn = async (env: string, ref: string) =>
    yaml.parse((await fileAt(`apps/${SERVICE}/${env}/values.yaml`, ref))!)
      ?.image?.tag;
  async function merge(branch: string) {
    const pull = pullFor(branch)!;
    const res = await fetch(
      `${github.apiBaseUrl}/repos/platform/gitops/pulls/${pull.number}/merge`,
      {
        method: 'PUT',
        headers: { Authorization: `token ${github.token}` },
        body: JSON.stringify({ merge_method: 'squash' }),
      },
    );
    expect(res.status).toBe(200);
  }

  it('deploys dev at once: its pull request is opened and merged (automatic promotion)', async () => {
    const run = await promote('dev', T1);
    expect({ code: run.code, stderr: run.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(run.stdout).toContain('merged: dev deploys 111111111111');
    expect(pullFor(branchOf('dev', T1))?.state).toBe('closed');
    expect(await tagOn('dev', 'main')).toBe(T1);
    // The marker stays on top of the file the promotion edited.
    expect(await fileAt(`apps/${SERVICE}/dev/values.yaml`, 'main')).toMatch(
      /^# eks\.platform\/entity-ref: component:default\/orders\n/,
    );
  });

  it('opens the stage pull request only once dev is Synced and Healthy at that image, and leaves it for review', async () => {
    const run = await promote('stage', T1);
    expect({ code: run.code, stderr: run.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    // It refreshed dev in Argo CD and waited while dev synced the merged commit.
    expect(run.stdout).toMatch(
      /dev: OutOfSync\/Progressing \(Running\)[\s\S]*dev: Synced\/Healthy \(Succeeded\), runs 1{40}\n/,
    );
    const pull = pullFor(branchOf('stage', T1))!;
    expect(pull.state).toBe('open');
    expect(await tagOn('stage', branchOf('stage', T1))).toBe(T1);
    expect(await tagOn('stage', 'main')).toBeUndefined();
    const commits = await (
      await fetch(
        `${
          github.apiBaseUrl
        }/repos/platform/gitops/commits?sha=${encodeURIComponent(
          branchOf('stage', T1),
        )}&per_page=1`,
        { headers: { Authorization: `token ${github.token}` } },
      )
    ).json();
    expect(commits[0].commit.message).toContain(
      `Eks-Platform-Promotion: ${SERVICE}/stage@${T1}`,
    );
    expect(commits[0].commit.author.email).toBe(
      '41898282+github-actions[bot]@users.noreply.github.com',
    );
  });

  it('is idempotent: a second run reuses the branch and the pull request', async () => {
    const before = gitops().pulls.length;
    const run = await promote('stage', T1);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('already proposes 111111111111');
    expect(gitops().pulls).toHaveLength(before);
  });

  it('opens no pull request while the previous environment runs another image', async () => {
    const run = await promote('prod', T1, { WAIT_SECONDS: '1' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'stage is not Synced and Healthy at 111111111111',
    );
    expect(pullFor(branchOf('prod', T1))).toBeUndefined();
  });

  it('opens the prod pull request once the stage pull request is merged and stage is healthy', async () => {
    await merge(branchOf('stage', T1));
    const run = await promote('prod', T1);
    expect({ code: run.code, stderr: run.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(pullFor(branchOf('prod', T1))?.state).toBe('open');
  });

  it('stops at once when the previous environment runs the image but is Degraded', async () => {
    expect((await promote('dev', T2)).code).toBe(0);
    argocd.setApplicationStatus(`${SERVICE}-dev`, {
      health: 'Degraded',
      healthMessage: 'CrashLoopBackOff',
    });
    try {
      const run = await promote('stage', T2);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        'dev runs 222222222222 but is Degraded; not promoting it to stage',
      );
      expect(pullFor(branchOf('stage', T2))).toBeUndefined();
    } finally {
      argocd.setApplicationStatus(`${SERVICE}-dev`, undefined);
    }
  });

  it('never pushes over a promotion branch that holds a commit it did not write', async () => {
    expect((await promote('dev', T3)).code).toBe(0);
    // Someone pushed their own work to the branch the stage promotion would use.
    const branch = branchOf('stage', T3);
    const main = await (
      await fetch(
        `${github.apiBaseUrl}/repos/platform/gitops/git/ref/heads/main`,
        {
          headers: { Authorization: `token ${github.token}` },
        },
      )
    ).json();
    const mainCommit = await (
      await fetch(
        `${github.apiBaseUrl}/repos/platform/gitops/git/commits/${main.object.sha}`,
        { headers: { Authorization: `token ${github.token}` } },
      )
    ).json();
    const tree = await (
      await fetch(`${github.apiBaseUrl}/repos/platform/gitops/git/trees`, {
        method: 'POST',
        headers: { Authorization: `token ${github.token}` },
        body: JSON.stringify({
          base_tree: mainCommit.tree.sha,
          tree: [
            {
              path: `apps/${SERVICE}/stage/values.yaml`,
              mode: '100644',
              content: 'image:\n  tag: mine\n',
            },
          ],
        }),
      })
    ).json();
    const commit = await (
      await fetch(`${github.apiBaseUrl}/repos/platform/gitops/git/commits`, {
        method: 'POST',
        headers: { Authorization: `token ${github.token}` },
        body: JSON.stringify({
          message: 'my own change',
          tree: tree.sha,
          parents: [main.object.sha],
          author: { name: 'Mallory', email: 'mallory@example.com' },
        }),
      })
    ).json();
    await fetch(`${github.apiBaseUrl}/repos/platform/gitops/git/refs`, {
      method: 'POST',
      headers: { Authorization: `token ${github.token}` },
      body: JSON.stringify({ ref: `refs/heads/${branch}`, sha: commit.sha }),
    });

    const run = await promote('stage', T3);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `branch ${branch} in platform/gitops holds 1 commit(s) this promotion did not write (latest by mallory@example.com); nothing was pushed`,
    );
    expect(await tagOn('stage', branch)).toBe('mine');
    expect(pullFor(branch)).toBeUndefined();
  });

  it('refuses to promote a service Argo CD does not know', async () => {
    const run = await promote('stage', T1, { SERVICE_NAME: 'payments' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Argo CD has no application payments-stage');
  });
});
