import { ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { isAuthorized } from '../auth';
import { GitHubStore, timestamp } from '../model/store';

/**
 * Smart HTTP git at `/git/:owner/:repo.git/*`, served by the system's
 * `git http-backend` as a CGI: the simulator only authenticates, maps the
 * URL onto the bare repository and relays the streams.
 */
export async function serveGitHttp(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  deps: { store: GitHubStore; token: string; children: GitChildren },
): Promise<void> {
  // A clone URL opened in a browser (a link on a page): github.com
  // redirects https://github.com/o/r.git to the repository's page.
  const browsed = url.pathname.match(/^\/git\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/);
  if (req.method === 'GET' && browsed && url.search === '') {
    req.resume();
    res.writeHead(301, { Location: `/${browsed[1]}/${browsed[2]}` });
    res.end();
    return;
  }
  if (!isAuthorized(req, deps.token)) {
    req.resume();
    res.writeHead(401, {
      'WWW-Authenticate': 'Basic realm="GitHub"',
      'Content-Type': 'text/plain',
    });
    res.end(
      'Invalid username or token. Password authentication is not supported for Git operations.\n',
    );
    return;
  }
  const match = url.pathname.match(
    /^\/git\/([^/]+)\/([^/]+?)(?:\.git)?(\/.*)?$/,
  );
  const repo = match && deps.store.repo(match[1], match[2]);
  if (!match || !repo) {
    req.resume();
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('Repository not found.\n');
    return;
  }
  const service = match[3] ?? '/';
  const isPush =
    service === '/git-receive-pack' ||
    url.searchParams.get('service') === 'git-receive-pack';
  const headsBefore = isPush ? await repo.git.listRefs('refs/heads/') : [];

  const child = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_PROJECT_ROOT: path.join(deps.store.dataDir, 'repos'),
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: `/${repo.owner.login}/${repo.name}.git${service}`,
      QUERY_STRING: url.search.replace(/^\?/, ''),
      REQUEST_METHOD: req.method ?? 'GET',
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      ...(req.headers['content-length']
        ? { CONTENT_LENGTH: req.headers['content-length'] }
        : {}),
      ...(req.headers['content-encoding']
        ? { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) }
        : {}),
      ...(req.headers['git-protocol']
        ? { GIT_PROTOCOL: String(req.headers['git-protocol']) }
        : {}),
      REMOTE_USER: deps.store.viewer.login,
      REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
      GATEWAY_INTERFACE: 'CGI/1.1',
      SERVER_PROTOCOL: 'HTTP/1.1',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group: `git http-backend` runs `git receive-pack` /
    // `upload-pack` as a child of its own, and both must go together.
    detached: true,
  });
  deps.children.add(child);
  // A client that goes away mid-request (e.g. a backend replica getting
  // SIGTERM during a push) leaves receive-pack waiting for the rest of the
  // pack on stdin forever, and its open pipes keep the process hosting the
  // simulator alive. The request is over for git too: end the whole group.
  let clientGone = false;
  const onClientGone = () => {
    if (res.writableFinished) return;
    clientGone = true;
    deps.children.kill(child);
  };
  req.once('aborted', onClientGone);
  res.once('close', onClientGone);
  req.pipe(child.stdin);
  child.stdin.on('error', () => {
    // The backend may answer (e.g. an error) before reading the whole body.
  });
  const stderr: Buffer[] = [];
  child.stderr.on('data', chunk => stderr.push(chunk));

  await new Promise<void>((resolve, reject) => {
    let head = Buffer.alloc(0);
    let headersDone = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = findHeaderEnd(head);
      if (!end) return;
      headersDone = true;
      const { status, headers } = parseCgiHeaders(
        head.subarray(0, end.index).toString('latin1'),
      );
      res.writeHead(status, headers);
      const rest = head.subarray(end.index + end.length);
      if (rest.length) res.write(rest);
    });
    child.on('error', reject);
    child.on('close', code => {
      deps.children.delete(child);
      if (clientGone) {
        // The client is gone: nothing to answer.
      } else if (!headersDone) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(
          `git http-backend failed (exit ${code}): ${Buffer.concat(
            stderr,
          ).toString()}`,
        );
      } else {
        res.end();
      }
      resolve();
    });
  });

  if (isPush && req.method === 'POST' && !clientGone)
    await afterPush(deps.store, repo.owner.login, repo.name, headsBefore);
}

/**
 * The `git http-backend` processes serving requests right now, so that a
 * client going away, or the simulator closing, ends them (and the
 * receive-pack / upload-pack each one runs) instead of leaving them behind.
 */
export class GitChildren {
  private readonly live = new Set<ChildProcess>();

  add(child: ChildProcess): void {
    this.live.add(child);
  }

  delete(child: ChildProcess): void {
    this.live.delete(child);
  }

  /** SIGKILL to the child's process group, and its pipes closed. */
  kill(child: ChildProcess): void {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    child.stdin?.destroy();
  }

  /** Ends every live one and waits until they have exited. */
  async killAll(): Promise<void> {
    const children = [...this.live];
    await Promise.all(
      children.map(
        child =>
          new Promise<void>(resolve => {
            if (child.exitCode !== null || child.signalCode !== null) {
              resolve();
              return;
            }
            child.once('close', () => resolve());
            this.kill(child);
          }),
      ),
    );
  }
}

/** GitHub's bookkeeping after a push: `pushed_at`, and the first branch becomes default. */
async function afterPush(
  store: GitHubStore,
  owner: string,
  name: string,
  headsBefore: Array<{ ref: string; sha: string }>,
) {
  const repo = store.repo(owner, name);
  if (!repo) return;
  const heads = await repo.git.listRefs('refs/heads/');
  const zeros = '0'.repeat(40);
  const moved = [
    ...heads
      .filter(h => !headsBefore.find(b => b.ref === h.ref && b.sha === h.sha))
      .map(h => ({
        ref: h.ref,
        before: headsBefore.find(b => b.ref === h.ref)?.sha ?? zeros,
        after: h.sha,
      })),
    ...headsBefore
      .filter(b => !heads.find(h => h.ref === b.ref))
      .map(b => ({ ref: b.ref, before: b.sha, after: zeros })),
  ];
  if (moved.length === 0) return;
  repo.pushed_at = timestamp();
  const hasDefault = heads.some(
    h => h.ref === `refs/heads/${repo.defaultBranch}`,
  );
  if (!hasDefault && headsBefore.length === 0 && heads.length > 0) {
    repo.defaultBranch = heads[0].ref.slice('refs/heads/'.length);
    await repo.git.setHead(repo.defaultBranch);
  }
  for (const m of moved) repo.git.onRefUpdate?.(m.ref, m.before, m.after);
}

function findHeaderEnd(
  buffer: Buffer,
): { index: number; length: number } | undefined {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf !== -1 && (lf === -1 || crlf < lf))
    return { index: crlf, length: 4 };
  if (lf !== -1) return { index: lf, length: 2 };
  return undefined;
}

function parseCgiHeaders(text: string): {
  status: number;
  headers: Record<string, string>;
} {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number(value.split(' ')[0]);
    else headers[name] = value;
  }
  return { status, headers };
}
