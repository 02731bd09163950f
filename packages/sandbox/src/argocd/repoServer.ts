import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runGit } from '../shared/runGit';
import { RepositoryCheckouts } from './repository/checkouts';
import {
  credentialFor,
  gitAuthEnv,
  RepositoryCredential,
} from './repository/credentials';
import type { ApplicationSource } from './types';

/*
 * What the simulator does of Argo CD's repo server: turning a source's
 * `targetRevision` (a branch, a tag, HEAD) into the commit it points at,
 * with `git ls-remote` against the repository, and checking out the
 * repository at that commit for rendering, using the repository
 * credentials Argo CD was given (its `repository` / `repo-creds` secrets:
 * a URL prefix with a username and password). So an Application whose
 * sources live in the sandbox's GitHub reports the real commit it synced,
 * a merged pull request moves it, and what it deploys is what that commit
 * holds.
 */

export type { RepositoryCredential } from './repository/credentials';

const COMMIT = /^[0-9a-f]{40}$/;
const LS_REMOTE_TIMEOUT_MS = 10_000;

/** The commit `revision` names in ls-remote's answer: a branch, then a (peeled) tag, then HEAD. */
function pickCommit(revision: string, listing: string): string | undefined {
  const refs = new Map<string, string>();
  for (const line of listing.split('\n')) {
    const [sha, ref] = line.trim().split(/\s+/);
    if (sha && ref && COMMIT.test(sha)) refs.set(ref, sha);
  }
  return (
    refs.get(`refs/heads/${revision}`) ??
    refs.get(`refs/tags/${revision}^{}`) ??
    refs.get(`refs/tags/${revision}`) ??
    refs.get(revision)
  );
}

export class RepoServer {
  private workDir?: string;
  private checkouts?: RepositoryCheckouts;

  constructor(private readonly credentials: RepositoryCredential[]) {}

  /** Whether Argo CD has credentials for (so can read) this repository. */
  knows(repoURL: string): boolean {
    return credentialFor(repoURL, this.credentials) !== undefined;
  }

  /**
   * The commit each source's revision points at now, or undefined where the
   * simulator does not resolve it: a Helm chart source, a commit SHA
   * already, a repository without configured credentials (nobody pushes
   * there in the sandbox), or a repository that did not answer.
   */
  async resolve(
    sources: ApplicationSource[],
  ): Promise<Array<string | undefined>> {
    return Promise.all(
      sources.map(async source => {
        const revision = source.targetRevision || 'HEAD';
        if (source.chart || COMMIT.test(revision)) return undefined;
        try {
          return await this.resolveRevision(source.repoURL, revision);
        } catch {
          return undefined;
        }
      }),
    );
  }

  /**
   * The commit a branch, tag or HEAD of a repository points at; throws
   * with git's message when the repository cannot be read or has no such
   * revision (what the controller reports as a ComparisonError).
   */
  async resolveRevision(repoURL: string, revision: string): Promise<string> {
    if (COMMIT.test(revision)) return revision;
    const credential = credentialFor(repoURL, this.credentials);
    if (!credential) {
      throw new Error(
        `repository not accessible: no repository credentials for ${repoURL}`,
      );
    }
    const { stdout } = await Promise.race([
      runGit(this.directory(), ['ls-remote', repoURL, revision], {
        env: gitAuthEnv(credential),
      }),
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`git ls-remote ${repoURL} timed out`)),
          LS_REMOTE_TIMEOUT_MS,
        ).unref(),
      ),
    ]);
    const commit = pickCommit(revision, stdout.toString('utf8'));
    if (!commit) {
      throw new Error(
        `unable to resolve '${revision}' to a commit SHA in ${repoURL}`,
      );
    }
    return commit;
  }

  /** The repository's files at `commit`, in a directory shared with other renders. */
  checkout(repoURL: string, commit: string): Promise<string> {
    this.checkouts ??= new RepositoryCheckouts(
      this.directory(),
      this.credentials,
    );
    return this.checkouts.checkout(repoURL, commit);
  }

  close(): void {
    if (this.workDir) fs.rmSync(this.workDir, { recursive: true, force: true });
    this.workDir = undefined;
    this.checkouts = undefined;
  }

  private directory(): string {
    this.workDir ??= fs.mkdtempSync(
      path.join(os.tmpdir(), 'argocd-repo-server-'),
    );
    return this.workDir;
  }
}
