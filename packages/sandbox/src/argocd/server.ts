import http from 'node:http';
import {
  type FailureOptions,
  FaultInjector,
  retryAfterHeader,
} from '../shared/faultInjection';
import {
  bearerToken,
  readJsonBody,
  sendJson,
  startHttpServer,
} from '../shared/http';
import {
  ArgoCdError,
  GrpcCode,
  grpcCodeForHttpStatus,
  sendGrpcError,
} from './errors';
import { parseLabelSelector } from './labelSelector';
import { ArgoCdStore, type StatusOverride } from './store';
import type { AppProject, Application, ApplicationRequest } from './types';
import { RepoServer, type RepositoryCredential } from './repoServer';
import { applicationSources, normaliseApplicationRequest } from './validation';
import { ArgoCdCluster, ClusterRegistry } from './clusterRegistry';
import { ApplicationController } from './controller/applicationController';
import { applicationsForPush, GitHubPushEvent } from './webhook';
import { serveArgoCdWebPage } from './webPages';

export interface ArgoCdSimulatorOptions {
  port?: number;
  host?: string;
  /** The API token clients must send (`Authorization: Bearer` or the `argocd.token` cookie). */
  token?: string;
  /**
   * A token of a read-only account (RBAC `applications, get` and `projects,
   * get`): it may read, and every write answers PermissionDenied, as Argo CD
   * does for the account a release workflow's health gate uses.
   */
  readOnlyToken?: string;
  /** How long a sync operation runs before the app turns Synced/Healthy. Default 1000 ms. */
  reconcileDelayMs?: number;
  /** Projects to create at start (besides `default`). */
  projects?: AppProject[];
  /** Applications to create at start; they start already synced and healthy. */
  applications?: ApplicationRequest[];
  /**
   * Repository credentials (Argo CD's repo-creds: a URL prefix with a
   * username and password). Sources under these prefixes have their
   * branches and tags resolved with `git ls-remote`, so the apps report the
   * real commit they synced; other sources get a stable made-up commit.
   */
  repositories?: RepositoryCredential[];
  /**
   * Re-compare every app with its sources this often, as Argo CD's
   * controller does every `timeout.reconciliation` (180 s by default).
   * Default: never (tests refresh with `?refresh=normal`).
   */
  refreshIntervalMs?: number;
  /**
   * The clusters Argo CD may deploy to (its cluster secrets). With them,
   * the simulator deploys for real: every Application but the seeded
   * `applications` is rendered from its sources (git, real Helm) and
   * applied to its destination's API server, and its sync status and
   * health come from the live objects. Without them, Applications follow
   * the state machine described in docs/argocd.md.
   */
  clusters?: ArgoCdCluster[];
  /** Applications created at start and deployed (e.g. the platform's app-of-apps). */
  bootstrapApplications?: ApplicationRequest[];
  /** How often live objects are re-read between refreshes (default 2 s). */
  statusIntervalMs?: number;
  /** Pause between sync waves (Argo CD's ARGOCD_SYNC_WAVE_DELAY, default 2 s). */
  waveDelayMs?: number;
  /** How long a sync waits for a wave to turn healthy (default 10 min). */
  healthTimeoutMs?: number;
  /** Minimum time between self-heal syncs of an app (default 5 s, as Argo CD). */
  selfHealTimeoutMs?: number;
  log?: (message: string) => void;
}

export interface ArgoCdSimulator {
  url: string;
  close(): Promise<void>;
  applications(): Application[];
  projects(): AppProject[];
  requestCounts: Map<string, number>;
  /**
   * Every request that asks Argo CD to change something (create, update,
   * delete, sync), as `METHOD path`, in arrival order, whether or not it
   * succeeded; reads (refreshes included) are not writes. Tests use it, as
   * with the Vault, ECR and GitHub simulators, to prove that refused input
   * wrote nothing.
   */
  writeRequests: string[];
  /** Fails matching operations; see ARGOCD_OPERATIONS for the names. */
  setFailure(options: FailureOptions): void;
  clearFailures(): void;
  /** Forces an app's health and/or sync status (persisting across syncs); `undefined` clears. */
  setApplicationStatus(
    name: string,
    override: StatusOverride | undefined,
  ): void;
  /** Refreshes an app now, as `?refresh=normal` does; resolves once its status is written. */
  refreshApplication(name: string): Promise<void>;
}

/** Operation names `setFailure({ operation })` understands. */
export const ARGOCD_OPERATIONS = [
  'listApplications',
  'getApplication',
  'createApplication',
  'updateApplication',
  'deleteApplication',
  'syncApplication',
  'listProjects',
  'getProject',
  'createProject',
  'updateProject',
  'deleteProject',
  'userInfo',
] as const;

interface Route {
  operation: (typeof ARGOCD_OPERATIONS)[number] | 'version' | 'webhook';
  name?: string;
}

function route(method: string, path: string): Route | undefined {
  if (path === '/api/webhook' && method === 'POST')
    return { operation: 'webhook' };
  const appMatch = path.match(
    /^\/api\/v1\/applications(?:\/([^/]+))?(\/sync|\/spec)?$/,
  );
  if (appMatch) {
    const name = appMatch[1] ? decodeURIComponent(appMatch[1]) : undefined;
    if (!name) {
      if (method === 'GET') return { operation: 'listApplications' };
      if (method === 'POST') return { operation: 'createApplication' };
      return undefined;
    }
    if (appMatch[2] === '/sync')
      return method === 'POST'
        ? { operation: 'syncApplication', name }
        : undefined;
    if (appMatch[2] === '/spec')
      return method === 'PUT'
        ? { operation: 'updateApplication', name }
        : undefined;
    if (method === 'GET') return { operation: 'getApplication', name };
    if (method === 'PUT') return { operation: 'updateApplication', name };
    if (method === 'DELETE') return { operation: 'deleteApplication', name };
    return undefined;
  }
  const projectMatch = path.match(/^\/api\/v1\/projects(?:\/([^/]+))?$/);
  if (projectMatch) {
    const name = projectMatch[1]
      ? decodeURIComponent(projectMatch[1])
      : undefined;
    if (!name && method === 'GET') return { operation: 'listProjects' };
    if (!name && method === 'POST') return { operation: 'createProject' };
    if (name && method === 'GET') return { operation: 'getProject', name };
    if (name && method === 'PUT') return { operation: 'updateProject', name };
    if (name && method === 'DELETE')
      return { operation: 'deleteProject', name };
    return undefined;
  }
  if (path === '/api/v1/session/userinfo' && method === 'GET')
    return { operation: 'userInfo' };
  if (path === '/api/version' && method === 'GET')
    return { operation: 'version' };
  return undefined;
}

function sessionToken(req: http.IncomingMessage): string | undefined {
  const fromHeader = bearerToken(req);
  if (fromHeader) return fromHeader;
  const cookie = req.headers.cookie?.split(';').map(part => part.trim());
  return cookie
    ?.find(part => part.startsWith('argocd.token='))
    ?.slice('argocd.token='.length);
}

/** `?validate=false` turns source checks off; Argo CD validates by default. */
function flag(url: URL, name: string, fallback: boolean): boolean {
  const value = url.searchParams.get(name);
  return value === null ? fallback : value === 'true';
}

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  try {
    return await readJsonBody(req);
  } catch (error) {
    throw new ArgoCdError(
      GrpcCode.InvalidArgument,
      `invalid request body: ${(error as Error).message}`,
    );
  }
}

export async function startArgoCdSimulator(
  options: ArgoCdSimulatorOptions = {},
): Promise<ArgoCdSimulator> {
  const token = options.token ?? 'sandbox-argocd-token';
  const store = new ArgoCdStore(options.reconcileDelayMs ?? 1000);
  const writeRequests: string[] = [];
  const faults = new FaultInjector();
  const repoServer = new RepoServer(options.repositories ?? []);
  /** Asks the repo server what the app's sources point at now, before the controller compares. */
  const resolveSources = async (app: Pick<Application, 'spec'>) => {
    const sources = applicationSources(app);
    store.rememberRevisions(sources, await repoServer.resolve(sources));
  };
  const seeded = new Set(
    (options.applications ?? []).map(app => app.metadata?.name),
  );
  const clusters = options.clusters
    ? new ClusterRegistry(options.clusters, store)
    : undefined;
  const controller = clusters
    ? new ApplicationController({
        store,
        repoServer,
        clusters,
        seeded,
        statusIntervalMs: options.statusIntervalMs ?? 2000,
        waveDelayMs: options.waveDelayMs ?? 2000,
        healthTimeoutMs: options.healthTimeoutMs ?? 600_000,
        selfHealTimeoutMs: options.selfHealTimeoutMs ?? 5000,
        log: options.log ?? (() => {}),
      })
    : undefined;
  if (controller) store.attach(controller);
  const isManaged = (app: Application) => controller?.manages(app) ?? false;
  /** `?refresh=normal`: resolve and compare again before answering. */
  const refresh = async (name: string) => {
    const app = store.getApplication(name);
    if (isManaged(app)) {
      await controller!.refresh(name);
      return;
    }
    await resolveSources(app);
    store.refresh(name);
  };
  for (const project of options.projects ?? [])
    store.createProject(project, true);
  for (const app of options.applications ?? []) {
    const created = store.createApplication(
      normaliseApplicationRequest(app),
      true,
      false,
    );
    // Deployed before the simulator started: at the current commit with an
    // automated sync policy (its sync already runs), at the one before
    // without (OutOfSync until synced).
    store.seedDeployed(created.metadata.name);
  }
  store.settleAll();
  for (const app of options.bootstrapApplications ?? [])
    store.createApplication(normaliseApplicationRequest(app), true, false);

  async function handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
  ) {
    const method = req.method ?? 'GET';
    const target = route(method, url.pathname);
    if (
      !target &&
      (method === 'GET' || method === 'HEAD') &&
      // The UI's pages, as a browser opens the portal's links (the real UI
      // asks for a login first; the sandbox has none).
      serveArgoCdWebPage(res, url, () => store.listApplications())
    ) {
      return;
    }
    if (!target) {
      sendJson(res, 404, { error: 'Not Found', code: 5, message: 'Not Found' });
      return;
    }
    if (target.operation === 'webhook') {
      // Argo CD answers webhooks at once and refreshes in the background.
      const event = ((await readJsonBody(req).catch(() => undefined)) ??
        {}) as GitHubPushEvent;
      sendJson(res, 200, {});
      if (req.headers['x-github-event'] !== 'push') return;
      for (const app of applicationsForPush(event, store.listApplications()))
        refresh(app.metadata.name).catch(() => {});
      return;
    }
    // The product's writes (webhooks, answered above, are GitHub's deliveries).
    if (method !== 'GET') writeRequests.push(`${method} ${url.pathname}`);
    if (target.operation !== 'version') {
      const failure = faults.take(target.operation);
      if (failure?.hang) return;
      if (failure) {
        const message =
          failure.message ?? `simulated failure (HTTP ${failure.status})`;
        sendGrpcError(
          res,
          grpcCodeForHttpStatus(failure.status),
          message,
          failure.status,
          retryAfterHeader(failure),
        );
        return;
      }
    }
    const presented = sessionToken(req);
    const readOnly =
      options.readOnlyToken !== undefined &&
      presented === options.readOnlyToken;
    const authenticated = presented === token || readOnly;
    // The session and version services skip authentication in Argo CD.
    if (target.operation === 'userInfo') {
      sendJson(
        res,
        200,
        authenticated
          ? { loggedIn: true, username: 'admin', iss: 'argocd', groups: [] }
          : { loggedIn: false },
      );
      return;
    }
    if (target.operation === 'version') {
      sendJson(res, 200, { Version: 'v2.14.0+sandbox' });
      return;
    }
    if (!authenticated) {
      const message = presented
        ? 'invalid session: token signature is invalid'
        : 'no session information';
      sendGrpcError(res, GrpcCode.Unauthenticated, message);
      return;
    }
    if (readOnly && method !== 'GET') {
      sendGrpcError(
        res,
        GrpcCode.PermissionDenied,
        `permission denied: ${target.operation}, sandbox read-only account`,
      );
      return;
    }
    try {
      await dispatch(target, req, res, url);
    } catch (error) {
      if (error instanceof ArgoCdError)
        sendGrpcError(res, error.code, error.message);
      else throw error;
    }
  }

  async function dispatch(
    target: Route,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
  ) {
    const name = target.name ?? '';
    switch (target.operation) {
      case 'listApplications': {
        let items = store.listApplications();
        const selector = url.searchParams.get('selector');
        if (selector) {
          let matches: ReturnType<typeof parseLabelSelector>;
          try {
            matches = parseLabelSelector(selector);
          } catch (error) {
            throw new ArgoCdError(
              GrpcCode.InvalidArgument,
              (error as Error).message,
            );
          }
          items = items.filter(app => matches(app.metadata.labels));
        }
        const projects = [
          ...url.searchParams.getAll('projects'),
          ...url.searchParams.getAll('project'),
        ];
        if (projects.length > 0)
          items = items.filter(app => projects.includes(app.spec.project));
        const byName = url.searchParams.get('name');
        if (byName) items = items.filter(app => app.metadata.name === byName);
        sendJson(res, 200, {
          metadata: { resourceVersion: store.currentResourceVersion() },
          items,
        });
        return;
      }
      case 'getApplication':
        // `?refresh=normal|hard` makes Argo CD compare again before answering
        // (the API server waits for the controller's refresh).
        if (url.searchParams.has('refresh')) await refresh(name);
        sendJson(res, 200, store.getApplication(name));
        return;
      case 'createApplication': {
        const app = normaliseApplicationRequest(await readBody(req));
        await resolveSources(app);
        sendJson(
          res,
          200,
          store.createApplication(
            app,
            flag(url, 'upsert', false),
            flag(url, 'validate', true),
          ),
        );
        return;
      }
      case 'updateApplication': {
        const body = await readBody(req);
        const asApp = url.pathname.endsWith('/spec')
          ? { metadata: { ...store.getApplication(name).metadata }, spec: body }
          : body;
        const app = normaliseApplicationRequest(asApp, name);
        await resolveSources(app);
        const updated = store.updateApplication(
          app,
          flag(url, 'validate', true),
        );
        sendJson(
          res,
          200,
          url.pathname.endsWith('/spec') ? updated.spec : updated,
        );
        return;
      }
      case 'deleteApplication':
        store.deleteApplication(name);
        sendJson(res, 200, {});
        return;
      case 'syncApplication': {
        const body = ((await readBody(req)) ?? {}) as {
          revision?: string;
          prune?: boolean;
          dryRun?: boolean;
        };
        await resolveSources(store.getApplication(name));
        sendJson(res, 200, store.syncApplication(name, body));
        return;
      }
      case 'listProjects':
        sendJson(res, 200, { metadata: {}, items: store.listProjects() });
        return;
      case 'getProject':
        sendJson(res, 200, store.getProject(name));
        return;
      case 'createProject': {
        const body = ((await readBody(req)) ?? {}) as {
          project?: AppProject;
          upsert?: boolean;
        };
        sendJson(
          res,
          200,
          store.createProject(body.project as AppProject, body.upsert === true),
        );
        return;
      }
      case 'updateProject': {
        // ProjectService.Update: PUT /api/v1/projects/{project.metadata.name} with { project }.
        const body = ((await readBody(req)) ?? {}) as { project?: AppProject };
        const project = body.project;
        if (!project?.metadata || project.metadata.name !== name) {
          throw new ArgoCdError(
            GrpcCode.InvalidArgument,
            `project.metadata.name must be "${name}", the name in the path`,
          );
        }
        sendJson(res, 200, store.updateProject(project));
        return;
      }
      case 'deleteProject':
        store.deleteProject(name);
        sendJson(res, 200, {});
        return;
      default:
        sendJson(res, 404, {
          error: 'Not Found',
          code: 5,
          message: 'Not Found',
        });
    }
  }

  const server = await startHttpServer(handle, {
    port: options.port,
    host: options.host,
  });
  let refreshing = false;
  const refreshTimer = options.refreshIntervalMs
    ? setInterval(async () => {
        if (refreshing) return;
        refreshing = true;
        try {
          // One ls-remote per repository and revision, however many apps
          // use it; the seeded demo apps have no repository to follow.
          const all = store
            .listApplications()
            .filter(app => !seeded.has(app.metadata.name));
          for (const app of all.filter(isManaged))
            await controller!.refresh(app.metadata.name).catch(() => {});
          const apps = all.filter(app => !isManaged(app));
          const sources = [
            ...new Map(
              apps
                .flatMap(app => applicationSources(app))
                .map(source => [
                  `${source.repoURL}\u0000${source.targetRevision ?? ''}`,
                  source,
                ]),
            ).values(),
          ];
          store.rememberRevisions(sources, await repoServer.resolve(sources));
          for (const app of apps) store.refresh(app.metadata.name);
        } finally {
          refreshing = false;
        }
      }, options.refreshIntervalMs)
    : undefined;
  refreshTimer?.unref();
  return {
    url: server.url,
    requestCounts: server.requestCounts,
    writeRequests,
    close: async () => {
      if (refreshTimer) clearInterval(refreshTimer);
      controller?.close();
      clusters?.close();
      store.close();
      await server.close();
      repoServer.close();
    },
    applications: () => store.listApplications(),
    projects: () => store.listProjects(),
    setFailure: failure => faults.add(failure),
    clearFailures: () => faults.clear(),
    setApplicationStatus: (name, override) => store.setStatus(name, override),
    refreshApplication: refresh,
  };
}
