import { Octokit } from '@octokit/rest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { GitHubSimulator, startGitHubSimulator } from '../startGitHubSimulator';

const run = promisify(execFile);

/** The system git with no user config and no prompts. */
function git(cwd: string, ...args: string[]) {
  return run('git', args, {
    cwd,
    env: {
      PATH: process.env.PATH,
      HOME: cwd,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_TERMINAL_PROMPT: '0',
      GIT_AUTHOR_NAME: 'Dev',
      GIT_AUTHOR_EMAIL: 'dev@example.com',
      GIT_COMMITTER_NAME: 'Dev',
      GIT_COMMITTER_EMAIL: 'dev@example.com',
    },
  });
}

/** Command lines of this process's descendants whose command line matches `pattern`. */
function descendants(pattern: RegExp): string[] {
  const parentOf = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // `pid (comm) state ppid ...`; comm may hold spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // exited meanwhile
    }
  }
  const isDescendant = (pid: number): boolean => {
    for (let p = parentOf.get(pid); p && p > 1; p = parentOf.get(p))
      if (p === process.pid) return true;
    return false;
  };
  return [...parentOf.keys()].filter(isDescendant).flatMap(pid => {
    try {
      const cmd = fs
        .readFileSync(`/proc/${pid}/cmdline`, 'utf8')
        .replace(/\0/g, ' ');
      return pattern.test(cmd) ? [cmd.trim()] : [];
    } catch {
      return [];
    }
  });
}

async function eventually(check: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise(r => setTimeout(r, 50));
  }
  return true;
}

// Each request runs several real git processes; CI shares two cores.
jest.setTimeout(15_000);

describe('GitHub simulator: git over smart HTTP', () => {
  let github: GitHubSimulator;
  let octokit: Octokit;
  let work: string;

  beforeAll(async () => {
    github = await startGitHubSimulator();
    octokit = new Octokit({ baseUrl: github.apiBaseUrl, auth: github.token });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-git-'));
  });
  afterAll(async () => {
    await github.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const authed = (cloneUrl: string) =>
    cloneUrl.replace('http://', `http://x-access-token:${github.token}@`);

  it('pushes to an empty repository and the REST API sees the commit', async () => {
    const repo = await octokit.rest.repos.createInOrg({
      org: 'platform',
      name: 'svc',
    });
    const dir = path.join(work, 'push');
    fs.mkdirSync(dir);
    await git(dir, 'init', '-q', '-b', 'trunk');
    fs.writeFileSync(path.join(dir, 'catalog-info.yaml'), 'kind: Component\n');
    await git(dir, 'add', '.');
    await git(dir, 'commit', '-q', '-m', 'initial');
    await git(dir, 'push', '-q', authed(repo.data.clone_url), 'trunk');

    const local = (await git(dir, 'rev-parse', 'HEAD')).stdout.trim();
    const ref = await octokit.rest.git.getRef({
      owner: 'platform',
      repo: 'svc',
      ref: 'heads/trunk',
    });
    expect(ref.data.object.sha).toBe(local);
    // The first pushed branch becomes the default, as on GitHub.
    const meta = await octokit.rest.repos.get({
      owner: 'platform',
      repo: 'svc',
    });
    expect(meta.data.default_branch).toBe('trunk');
    expect(meta.data.pushed_at).not.toBeNull();
    const file = await octokit.rest.repos.getContent({
      owner: 'platform',
      repo: 'svc',
      path: 'catalog-info.yaml',
    });
    expect(Buffer.from((file.data as any).content, 'base64').toString()).toBe(
      'kind: Component\n',
    );
  });

  it('clones what the REST API committed', async () => {
    await octokit.rest.repos.createOrUpdateFileContents({
      owner: 'platform',
      repo: 'svc',
      path: 'docs/index.md',
      branch: 'trunk',
      message: 'docs',
      content: Buffer.from('# Docs\n').toString('base64'),
    });
    const dir = path.join(work, 'clone');
    await git(
      work,
      'clone',
      '-q',
      authed(`${github.url}/git/platform/svc.git`),
      dir,
    );
    expect(fs.readFileSync(path.join(dir, 'docs/index.md'), 'utf8')).toBe(
      '# Docs\n',
    );
    expect(
      (await git(dir, 'log', '--format=%s')).stdout.trim().split('\n'),
    ).toEqual(['docs', 'initial']);
  });

  it("sends a browser that opens a clone URL to the repository's page, as github.com does", async () => {
    for (const cloneUrl of [
      `${github.url}/git/platform/svc.git`,
      `${github.url}/git/platform/svc`,
    ]) {
      const opened = await fetch(cloneUrl, { redirect: 'manual' });
      expect(opened.status).toBe(301);
      expect(opened.headers.get('location')).toBe('/platform/svc');
    }
    const page = await fetch(`${github.url}/git/platform/svc.git`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('platform/svc');
  });

  it('enforces branch protection on pushes like GitHub (GH006), unless admins may bypass', async () => {
    const dir = path.join(work, 'clone');
    const protect = (enforceAdmins: boolean) =>
      octokit.rest.repos.updateBranchProtection({
        owner: 'platform',
        repo: 'svc',
        branch: 'trunk',
        required_status_checks: null,
        enforce_admins: enforceAdmins,
        required_pull_request_reviews: { required_approving_review_count: 1 },
        restrictions: null,
      });
    await protect(true);
    fs.writeFileSync(path.join(dir, 'direct.txt'), 'direct\n');
    await git(dir, 'add', '.');
    await git(dir, 'commit', '-q', '-m', 'direct');
    await expect(git(dir, 'push', '-q', 'origin', 'trunk')).rejects.toThrow(
      /GH006: Protected branch update failed for refs\/heads\/trunk. Changes must be made through a pull request/,
    );
    await expect(
      octokit.rest.repos.createOrUpdateFileContents({
        owner: 'platform',
        repo: 'svc',
        path: 'x.txt',
        branch: 'trunk',
        message: 'x',
        content: Buffer.from('x').toString('base64'),
      }),
    ).rejects.toMatchObject({ status: 409 });
    // Other branches stay writable.
    await git(dir, 'push', '-q', 'origin', 'trunk:feature');

    await protect(false);
    await git(dir, 'push', '-q', 'origin', 'trunk');
  });

  it('ends the git processes of a push whose client goes away mid-pack', async () => {
    // A backend replica getting SIGTERM during a push: the request body
    // stops halfway and the connection closes.
    const { port } = new URL(github.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise(r => socket.once('connect', r));
    const basic = Buffer.from(`x-access-token:${github.token}`).toString(
      'base64',
    );
    socket.write(
      [
        'POST /git/platform/svc.git/git-receive-pack HTTP/1.1',
        `Host: 127.0.0.1:${port}`,
        `Authorization: Basic ${basic}`,
        'Content-Type: application/x-git-receive-pack-request',
        'Content-Length: 100000',
        '',
        '',
      ].join('\r\n'),
    );
    socket.write('0098'); // the start of a pkt-line, never finished
    const gitProcesses = /http-backend|receive-pack/;
    expect(
      await eventually(() => descendants(gitProcesses).length > 0, 5000),
    ).toBe(true);
    socket.destroy();
    expect(
      await eventually(() => descendants(gitProcesses).length === 0, 5000),
    ).toBe(true);
    expect(descendants(gitProcesses)).toEqual([]);
  });

  it('requires the token (401 with a Basic challenge) and 404s unknown repositories', async () => {
    const anonymous = await fetch(
      `${github.url}/git/platform/svc.git/info/refs?service=git-upload-pack`,
    );
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic/);
    await expect(
      git(work, 'ls-remote', `${github.url}/git/platform/svc.git`),
    ).rejects.toThrow(/Authentication failed|could not read Username/);
    const missing = await fetch(
      `${github.url}/git/platform/nope.git/info/refs?service=git-upload-pack`,
      {
        headers: {
          authorization: `Basic ${Buffer.from(
            `x-access-token:${github.token}`,
          ).toString('base64')}`,
        },
      },
    );
    expect(missing.status).toBe(404);
  });
});
