import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { readBody, sendJson, startHttpServer } from '../shared/http';
import { GitHubApiError, DOCS_URL } from './api/errors';
import { isAuthorized } from './auth';
import { Router } from './api/router';
import { commitFiles } from './model/commitFiles';
import { FailureInjector, FailureRule } from './api/failures';
import { handleGraphQl } from './api/graphql';
import { GitChildren, serveGitHttp } from './git/gitHttpBackend';
import { GitHubStore } from './model/store';
import { registerAllRoutes } from './routes';
import { defaultSettings } from './model/defaults';
import { seedRepository, SeedRepository } from './model/seed';
import { repoSnapshot, RepoSnapshot } from './model/snapshot';
import { PushWebhooks, WebhookDelivery } from './webhooks';
import { serveWebPage } from './web/webPages';

export interface GitHubSimulatorOptions {
  port?: number;
  host?: string;
  /** The one token the simulator accepts; default `sandbox-github-token`. */
  token?: string;
  /** Where bare repositories live; a fresh temp dir (removed on close) by default. */
  dataDir?: string;
  /** Organisations that exist; default `['platform', 'acme']`. */
  owners?: string[];
  /** Extra user accounts that exist (collaborators, reviewers). */
  users?: string[];
  /** Teams as `org/slug`; default one `<org>/developers` per owner. */
  teams?: string[];
  /** Login of the token's user; default `sandbox-bot`. */
  viewer?: string;
  /** Repositories to create at start, with files on their default branch. */
  repositories?: SeedRepository[];
  /** URLs of organisation webhooks that receive every `push` event. */
  webhooks?: string[];
}

export interface GitHubSimulator {
  /** `http://127.0.0.1:PORT`: web and git base (`/git/:owner/:repo.git`). */
  url: string;
  /** `${url}/api/v3`: the integration's `apiBaseUrl`. */
  apiBaseUrl: string;
  /** `127.0.0.1:PORT`: the integration's `host`. */
  host: string;
  token: string;
  dataDir: string;
  /** Requests served so far, per `METHOD path`. */
  requestCounts: Map<string, number>;
  /**
   * Every request that asks GitHub to change something, as `METHOD path`, in
   * arrival order, whether or not it succeeded: REST POST/PUT/PATCH/DELETE,
   * git pushes (`git-receive-pack`) and the GraphQL `createCommitOnBranch`
   * mutation. Fetches, clones and queries only read. Tests use it to prove
   * that refused input wrote nothing.
   */
  writeRequests: string[];
  /** A snapshot of every repository's metadata (never secret values). */
  repos(): RepoSnapshot[];
  /** Creates a repository with files, as if pushed by someone else. */
  createRepository(seed: SeedRepository): Promise<RepoSnapshot>;
  /**
   * One commit on a branch (default: the default branch), as if a team
   * member pushed it: path → new content, `null` deletes. Returns its sha.
   */
  pushCommit(
    owner: string,
    repo: string,
    change: {
      files: Record<string, string | null>;
      message?: string;
      branch?: string;
    },
  ): Promise<string>;
  /** Subscribes a URL to every `push` event (an organisation webhook). */
  addWebhook(url: string): void;
  /** The last 100 webhook deliveries with their outcome. */
  webhookDeliveries(): WebhookDelivery[];
  /** Makes matching requests fail with `status` (next `times` ones, default 1). */
  setFailure(rule: FailureRule): void;
  clearFailures(): void;
  close(): Promise<void>;
}

export async function startGitHubSimulator(
  options: GitHubSimulatorOptions = {},
): Promise<GitHubSimulator> {
  const token = options.token ?? 'sandbox-github-token';
  const ownDataDir = !options.dataDir;
  const dataDir =
    options.dataDir ??
    (await fs.mkdtemp(path.join(os.tmpdir(), 'github-simulator-')));
  await fs.mkdir(path.join(dataDir, 'repos'), { recursive: true });

  const owners = options.owners ?? ['platform', 'acme'];
  const store = new GitHubStore(dataDir, {
    id: 1,
    login: options.viewer ?? 'sandbox-bot',
    type: 'User',
  });
  for (const org of owners) store.addAccount(org, 'Organization');
  for (const user of options.users ?? []) store.addAccount(user, 'User');
  for (const team of options.teams ?? owners.map(o => `${o}/developers`)) {
    const [org, slug] = team.split('/');
    store.addTeam(org, slug);
  }

  const router = registerAllRoutes(new Router());
  const gitChildren = new GitChildren();
  const failures = new FailureInjector();
  const writeRequests: string[] = [];
  const recordWrite = (method: string, pathname: string) =>
    writeRequests.push(`${method} ${pathname}`);
  let rateRemaining = 5000;
  const rateReset = Math.floor(Date.now() / 1000) + 3600;
  // Filled in once the port is known.
  const base = { webUrl: '', apiUrl: '' };

  const server = await startHttpServer(
    async (req, res, url) => {
      const method = req.method ?? 'GET';
      const isRest = !url.pathname.startsWith('/git/');
      const isPush =
        url.pathname.endsWith('/git-receive-pack') && method === 'POST';
      if (
        url.pathname !== '/api/graphql' &&
        ((isRest && !['GET', 'HEAD', 'OPTIONS'].includes(method)) || isPush)
      ) {
        recordWrite(method, url.pathname);
      }
      const injected = failures.take(req.method ?? 'GET', url.pathname);
      if (injected) {
        await readBody(req);
        sendJson(res, injected.status, injected.body, injected.headers);
        return;
      }
      if (url.pathname.startsWith('/git/')) {
        await serveGitHttp(req, res, url, {
          store,
          token,
          children: gitChildren,
        });
        return;
      }
      if (
        (method === 'GET' || method === 'HEAD') &&
        !url.pathname.startsWith('/api/') &&
        !url.pathname.startsWith('/raw/') &&
        // Web pages, as a browser opens them from the portal's links: no
        // token (github.com would use the viewer's session).
        (await serveWebPage(res, url, store))
      ) {
        return;
      }
      rateRemaining = Math.max(0, rateRemaining - 1);
      const rateHeaders = {
        'X-RateLimit-Limit': '5000',
        'X-RateLimit-Remaining': String(rateRemaining),
        'X-RateLimit-Reset': String(rateReset),
        'X-RateLimit-Used': String(5000 - rateRemaining),
        'X-RateLimit-Resource': 'core',
        'X-GitHub-Media-Type': 'github.v3; format=json',
        // octokit-plugin-create-pull-request reads this to tell a user
        // token from an app token.
        'X-OAuth-Scopes': 'repo, workflow, admin:org',
      };
      if (!isAuthorized(req, token)) {
        await readBody(req);
        const missing = !req.headers.authorization;
        sendJson(
          res,
          401,
          {
            message: missing ? 'Requires authentication' : 'Bad credentials',
            documentation_url: DOCS_URL,
          },
          rateHeaders,
        );
        return;
      }
      if (url.pathname === '/api/graphql') {
        await handleGraphQl(req, res, {
          store,
          ...base,
          onMutation: () => recordWrite(method, url.pathname),
        });
        return;
      }
      if (url.pathname.startsWith('/api/v3/')) {
        await dispatchRest(
          req,
          res,
          url,
          url.pathname.slice('/api/v3'.length),
          rateHeaders,
        );
      } else if (url.pathname.startsWith('/raw/')) {
        // The raw host (`rawBaseUrl`), served from the same git data.
        await dispatchRest(req, res, url, url.pathname, rateHeaders);
      } else {
        await readBody(req);
        sendJson(res, 404, {
          message: 'Not Found',
          documentation_url: DOCS_URL,
        });
      }
    },
    { port: options.port, host: options.host },
  );

  async function dispatchRest(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    pathname: string,
    headers: Record<string, string>,
  ) {
    const method = req.method ?? 'GET';
    const match = router.match(method, pathname);
    const raw = await readBody(req);
    if (!match) {
      sendJson(
        res,
        router.hasPath(pathname) ? 405 : 404,
        { message: 'Not Found', documentation_url: DOCS_URL },
        headers,
      );
      return;
    }
    let body: Record<string, unknown> = {};
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        sendJson(
          res,
          400,
          { message: 'Problems parsing JSON', documentation_url: DOCS_URL },
          headers,
        );
        return;
      }
    }
    try {
      for (const [name, value] of Object.entries(headers))
        res.setHeader(name, value);
      const result = await match.handler({
        req,
        res,
        url,
        params: match.params,
        body: body ?? {},
        store,
        ...base,
      });
      if (result === 'sent') return;
      if (result.body === undefined) {
        res.writeHead(result.status, result.headers);
        res.end();
      } else {
        sendJson(res, result.status, result.body, result.headers);
      }
    } catch (error) {
      if (error instanceof GitHubApiError) {
        sendJson(res, error.status, error.body());
      } else {
        throw error;
      }
    }
  }

  base.webUrl = server.url;
  base.apiUrl = `${server.url}/api/v3`;
  const webhooks = new PushWebhooks(base);
  for (const hook of options.webhooks ?? []) webhooks.subscribe(hook);
  store.pushListeners.push(event => webhooks.deliver(event));

  await store.discoverRepos(defaultSettings);
  for (const seed of options.repositories ?? []) {
    if (store.repo(seed.owner, seed.name)) continue; // kept from an earlier run
    await seedRepository(store, seed);
  }

  return {
    url: server.url,
    apiBaseUrl: base.apiUrl,
    host: new URL(server.url).host,
    token,
    dataDir,
    requestCounts: server.requestCounts,
    writeRequests,
    repos: () => store.listRepos().map(repoSnapshot),
    createRepository: async seed =>
      repoSnapshot(await seedRepository(store, seed)),
    pushCommit: async (owner, name, change) => {
      const repo = store.repo(owner, name);
      if (!repo) throw new Error(`No repository ${owner}/${name}`);
      const { commit } = await commitFiles(repo, {
        branch: change.branch ?? repo.defaultBranch,
        message: change.message ?? 'Team change',
        changes: Object.entries(change.files).map(([filePath, content]) => ({
          path: filePath,
          content: content === null ? null : Buffer.from(content, 'utf8'),
        })),
        author: { name: 'Team member', email: 'team@example.com' },
      });
      return commit;
    },
    addWebhook: url => webhooks.subscribe(url),
    webhookDeliveries: () => [...webhooks.deliveries],
    setFailure: rule => failures.add(rule),
    clearFailures: () => failures.clear(),
    close: async () => {
      // Closing the connections ends their git processes too; killAll is
      // for the ones whose connection is already gone.
      await Promise.all([server.close(), gitChildren.killAll()]);
      if (ownDataDir) await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
