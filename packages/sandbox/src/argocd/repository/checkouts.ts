import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gitText, runGit } from '../../shared/runGit';
import { credentialFor, gitAuthEnv, RepositoryCredential } from './credentials';

/*
 * The repo server's working copies: one bare mirror per repository
 * (fetched when a commit is not there yet) and one extracted tree per
 * repository and commit, reused while it is among the most recent ones. A
 * commit's tree never changes, so a checkout is shared by every
 * Application and every render at that commit.
 */

const COMMIT = /^[0-9a-f]{40}$/;
const KEEP_TREES = 40;

function hash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 16);
}

function untar(archive: Buffer, dest: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('tar', ['-x', '-C', dest], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    const err: Buffer[] = [];
    child.stderr.on('data', c => err.push(c));
    child.on('error', reject);
    child.on('close', code =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              `tar failed (exit ${code}): ${Buffer.concat(err).toString()}`,
            ),
          ),
    );
    child.stdin.end(archive);
  });
}

export class RepositoryCheckouts {
  /** One chain per repository: fetches and extractions never overlap. */
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly trees: string[] = [];

  constructor(
    private readonly workDir: string,
    private readonly credentials: RepositoryCredential[],
  ) {}

  /**
   * A directory holding the repository's tree at `commit` (read-only by
   * convention). Throws when the repository cannot be fetched or does not
   * have the commit, with git's message.
   */
  checkout(repoURL: string, commit: string): Promise<string> {
    if (!COMMIT.test(commit)) {
      return Promise.reject(
        new Error(`"${commit}" is not a commit SHA of ${repoURL}`),
      );
    }
    const previous = this.locks.get(repoURL) ?? Promise.resolve();
    const next = previous
      .catch(() => {})
      .then(() => this.extract(repoURL, commit));
    this.locks.set(repoURL, next);
    return next;
  }

  private async extract(repoURL: string, commit: string): Promise<string> {
    const dest = path.join(this.workDir, 'trees', `${hash(repoURL)}-${commit}`);
    if (fs.existsSync(dest)) return dest;
    const mirror = await this.mirrorWith(repoURL, commit);
    const { stdout } = await runGit(mirror, [
      'archive',
      '--format=tar',
      commit,
    ]);
    const partial = `${dest}.partial`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.mkdirSync(partial, { recursive: true });
    await untar(stdout, partial);
    fs.renameSync(partial, dest);
    this.trees.push(dest);
    while (this.trees.length > KEEP_TREES) {
      fs.rmSync(this.trees.shift()!, { recursive: true, force: true });
    }
    return dest;
  }

  /** The bare mirror of `repoURL`, fetched if it lacks `commit`. */
  private async mirrorWith(repoURL: string, commit: string): Promise<string> {
    const mirror = path.join(this.workDir, 'mirrors', `${hash(repoURL)}.git`);
    if (!fs.existsSync(mirror)) {
      fs.mkdirSync(mirror, { recursive: true });
      await runGit(mirror, ['init', '--bare', '--quiet', mirror]);
    }
    if (await this.hasCommit(mirror, commit)) return mirror;
    const credential = credentialFor(repoURL, this.credentials);
    await runGit(
      mirror,
      [
        'fetch',
        '--quiet',
        '--no-tags',
        repoURL,
        '+refs/heads/*:refs/remotes/origin/*',
        '+refs/tags/*:refs/tags/*',
      ],
      { env: credential ? gitAuthEnv(credential) : {} },
    );
    if (!(await this.hasCommit(mirror, commit))) {
      throw new Error(
        `unable to resolve '${commit}' to a commit SHA in ${repoURL}`,
      );
    }
    return mirror;
  }

  private async hasCommit(mirror: string, commit: string): Promise<boolean> {
    const type = await gitText(mirror, ['cat-file', '-t', commit], {
      okExitCodes: [0, 1, 128],
    });
    return type === 'commit';
  }
}
