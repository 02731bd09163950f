import { execFile } from 'node:child_process';
import type { ApplicationSource } from './types';

/*
 * The one job of Argo CD's repo server the simulator does for real: turning
 * a source's `targetRevision` (a branch, a tag, HEAD) into the commit it
 * points at, with `git ls-remote` against the repository, using the
 * repository credentials Argo CD was given (its `repository` /
 * `repo-creds` secrets: a URL prefix with a username and password). So an
 * Application whose values live in the sandbox's GitHub reports the real
 * commit it synced, and a merged pull request moves it.
 */

/** A repository credential, as Argo CD's repo-creds secrets hold them. */
export interface RepositoryCredential {
  /** URL prefix the credential applies to, e.g. `http://127.0.0.1:7130/git/`. */
  url: string;
  username?: string;
  password?: string;
}

const COMMIT = /^[0-9a-f]{40}$/;
const LS_REMOTE_TIMEOUT_MS = 10_000;

function credentialFor(
  repoURL: string,
  credentials: RepositoryCredential[],
): RepositoryCredential | undefined {
  // The longest matching prefix wins, as Argo CD picks repo-creds templates.
  return credentials
    .filter(c => repoURL.startsWith(c.url))
    .sort((a, b) => b.url.length - a.url.length)[0];
}

function lsRemote(
  repoURL: string,
  revision: string,
  credential: RepositoryCredential,
): Promise<string> {
  const args = ['ls-remote', repoURL, revision];
  if (credential.password !== undefined) {
    const basic = Buffer.from(
      `${credential.username ?? 'git'}:${credential.password}`,
    ).toString('base64');
    args.unshift('-c', `http.extraHeader=Authorization: Basic ${basic}`);
  }
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        timeout: LS_REMOTE_TIMEOUT_MS,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
      },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
  });
}

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
  constructor(private readonly credentials: RepositoryCredential[]) {}

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
        const credential = credentialFor(source.repoURL, this.credentials);
        if (!credential) return undefined;
        try {
          return pickCommit(
            revision,
            await lsRemote(source.repoURL, revision, credential),
          );
        } catch {
          return undefined;
        }
      }),
    );
  }
}
