import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { upstreamBinary } from '../upstreams';
import {
  GitHubAccess,
  githubRequest,
  mergePullRequest,
  openPullRequest,
} from './githubRest';

/*
 * The generated repository's release workflow (`.github/workflows/
 * release.yml`) without a GitHub Actions runner: for a commit on `main`,
 * the deploy jobs run — in the order of the repository's
 * DEPLOY_ENVIRONMENTS variable — the very script the workflow runs,
 * `.github/scripts/promote.sh`, taken from the repository at that commit,
 * with the repository's variables and the image tag the image job would
 * have pushed (the commit SHA). Where a promotion is left for review (a
 * pull-request environment), `review` plays the reviewer before the next
 * job, which waits for that environment to be healthy at the image, as
 * the real jobs do. The script runs with mikefarah's yq (the one GitHub's
 * runners ship), built by the upstream bootstrap, plus git, curl and jq.
 */

export interface ReleaseOptions {
  github: GitHubAccess;
  /** The service repository, `owner/repo`. */
  repository: string;
  argocd: { url: string; token: string };
  /** The commit to release (default: the head of `main`). */
  commit?: string;
  /**
   * Called when a job left its promotion pull request open for review
   * (stage, prod); the default merges it as a reviewer would.
   */
  review?: (environment: string, pullRequestUrl: string) => Promise<void>;
  /** How long a job waits for the previous environment (promote.sh WAIT_SECONDS, default 600). */
  waitSeconds?: number;
  /** promote.sh POLL_SECONDS (default 1). */
  pollSeconds?: number;
  log?: (message: string) => void;
}

export interface ReleaseJob {
  environment: string;
  pullRequestUrl?: string;
  /** Whether the pull request was left for review (and then reviewed). */
  reviewed: boolean;
  ms: number;
  output: string;
}

export interface ReleaseRun {
  imageTag: string;
  jobs: ReleaseJob[];
}

function runScript(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(
      'bash',
      [script],
      { env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number((error as any).code ?? 1) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

async function variables(
  github: GitHubAccess,
  repository: string,
): Promise<Record<string, string>> {
  const body = await githubRequest<{
    variables: Array<{ name: string; value: string }>;
  }>(github, 'GET', `/repos/${repository}/actions/variables?per_page=30`);
  return Object.fromEntries(body.variables.map(v => [v.name, v.value]));
}

export async function runReleaseWorkflow(
  options: ReleaseOptions,
): Promise<ReleaseRun> {
  const { github, repository } = options;
  const log = options.log ?? (() => {});
  const vars = await variables(github, repository);
  const required = ['SERVICE_NAME', 'GITOPS_REPOSITORY', 'DEPLOY_ENVIRONMENTS'];
  const missing = required.filter(name => !vars[name]);
  if (missing.length > 0) {
    throw new Error(
      `${repository} lacks the repository variables ${missing.join(
        ', ',
      )} that its release workflow reads`,
    );
  }
  const environments = JSON.parse(vars.DEPLOY_ENVIRONMENTS) as string[];
  const commit =
    options.commit ??
    (
      await githubRequest<{ commit: { sha: string } }>(
        github,
        'GET',
        `/repos/${repository}/branches/main`,
      )
    ).commit.sha;
  const scriptText = await githubRequest<string>(
    github,
    'GET',
    `/repos/${repository}/contents/.github/scripts/promote.sh?ref=${commit}`,
    undefined,
    'application/vnd.github.raw',
  );
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-workflow-'));
  const script = path.join(workdir, 'promote.sh');
  fs.writeFileSync(script, scriptText);
  const yqDir = path.dirname(upstreamBinary('yq').path);
  const review =
    options.review ??
    (async (environment: string) => {
      const branch = `promote/${
        vars.SERVICE_NAME
      }-${environment}-${commit.slice(0, 12)}`;
      const pull = await openPullRequest(
        github,
        vars.GITOPS_REPOSITORY,
        branch,
      );
      if (pull) await mergePullRequest(github, vars.GITOPS_REPOSITORY, pull);
    });
  const jobs: ReleaseJob[] = [];
  try {
    for (const environment of ['dev', 'stage', 'prod'].filter(e =>
      environments.includes(e),
    )) {
      const started = Date.now();
      const output = path.join(workdir, `${environment}.output`);
      fs.writeFileSync(output, '');
      log(`release ${commit.slice(0, 12)}: deploy ${environment}`);
      const run = await runScript(script, {
        PATH: `${yqDir}:${process.env.PATH}`,
        HOME: workdir,
        GH_TOKEN: github.token,
        GITHUB_API_URL: github.apiBaseUrl,
        GITHUB_OUTPUT: output,
        GITHUB_REPOSITORY: repository,
        GITOPS_REPOSITORY: vars.GITOPS_REPOSITORY,
        SERVICE_NAME: vars.SERVICE_NAME,
        IMAGE_TAG: commit,
        ENVIRONMENT: environment,
        ARGOCD_SERVER: vars.ARGOCD_URL || options.argocd.url,
        ARGOCD_AUTH_TOKEN: options.argocd.token,
        WAIT_SECONDS: String(options.waitSeconds ?? 600),
        POLL_SECONDS: String(options.pollSeconds ?? 1),
      });
      if (run.code !== 0) {
        throw new Error(
          `the ${environment} job of ${repository}'s release failed (exit ${
            run.code
          }): ${run.stderr.trim()}\n${run.stdout}`,
        );
      }
      const pullRequestUrl = /^pull-request-url=(.+)$/m
        .exec(fs.readFileSync(output, 'utf8'))?.[1]
        ?.trim();
      const merged =
        /^merged: /m.test(run.stdout) || /already runs/.test(run.stdout);
      let reviewed = false;
      if (pullRequestUrl && !merged) {
        await review(environment, pullRequestUrl);
        reviewed = true;
      }
      jobs.push({
        environment,
        pullRequestUrl,
        reviewed,
        ms: Date.now() - started,
        output: run.stdout,
      });
    }
  } finally {
    fs.rmSync(workdir, { recursive: true, force: true });
  }
  return { imageTag: commit, jobs };
}
