import { createHash, randomUUID } from 'node:crypto';
import { equalIgnoringEmpty } from './equality';
import { ArgoCdError, GrpcCode } from './errors';
import {
  applicationSources,
  validateApplication,
  validateProject,
} from './validation';
import {
  type ApplicationSource,
  type AppProject,
  type Application,
  type HealthStatusCode,
  type SyncStatusCode,
} from './types';

/*
 * Applications and projects plus the application controller's reconcile loop:
 * a new or changed app is OutOfSync; an automated sync policy (or a manual
 * sync) starts an operation (health Progressing) that finishes after
 * `reconcileDelayMs` with the app Synced and Healthy, unless a test forced
 * another health.
 */

/**
 * The application controller that really deploys (see controller/): it
 * takes over the Applications it manages from the state machine below.
 */
export interface OperationRunner {
  manages(app: Application): boolean;
  /** A sync operation was started on a managed app: run it, then `completeOperation`. */
  operationStarted(name: string): void;
  /** A managed app was created or its spec changed: compare it again. */
  specChanged(name: string): void;
  /** A managed app was deleted (its resources go when it had the resources finalizer). */
  deleted(app: Application): void;
}

/** What the controller found comparing an app with its destination. */
export interface ComparisonUpdate {
  sync: SyncStatusCode;
  revisions: string[];
  health?: { status: HealthStatusCode; message?: string };
  resources?: unknown[];
  /** ComparisonError, SyncError, …; undefined clears them. */
  conditions?: Array<{ type: string; message: string }>;
}

/** How a sync operation of a managed app ended. */
export interface OperationOutcome {
  phase: 'Succeeded' | 'Failed' | 'Error';
  message: string;
  resources?: unknown[];
  retryCount?: number;
}

export interface StatusOverride {
  health?: HealthStatusCode;
  healthMessage?: string;
  sync?: SyncStatusCode;
}

const ARGOCD_NAMESPACE = 'argocd';

function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

function defaultProject(): AppProject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: 'default', namespace: ARGOCD_NAMESPACE },
    spec: {
      sourceRepos: ['*'],
      destinations: [{ server: '*', namespace: '*', name: '*' }],
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
    },
    status: {},
  };
}

/** Where a source's revision is looked up: repository and revision. */
function revisionKey(source: ApplicationSource): string {
  return `${source.repoURL}\u0000${source.targetRevision || 'HEAD'}`;
}

/**
 * The commit a branch or tag resolves to when the repo server did not
 * resolve it (no credentials for that repository): stable for the same
 * source, like a quiet repository. A chart source reports its version.
 */
function quietRevision(source: ApplicationSource | undefined): string {
  const target = source?.targetRevision ?? 'HEAD';
  if (source?.chart) return target;
  if (/^[0-9a-f]{40}$/.test(target)) return target;
  return createHash('sha1')
    .update(
      `${source?.repoURL ?? ''}\u0000${source?.path ?? ''}\u0000${target}`,
    )
    .digest('hex');
}

function isMultiSource(app: Application): boolean {
  return (app.spec.sources?.length ?? 0) > 0;
}

function sameRevisions(a: string[] | undefined, b: string[]): boolean {
  return !!a && a.length === b.length && a.every((r, i) => r === b[i]);
}

/** A stable stand-in for the commit before `revision` (seeded apps have no history to read). */
function previousRevision(revision: string): string {
  return createHash('sha1').update(`${revision}^`).digest('hex');
}

export class ArgoCdStore {
  private readonly apps = new Map<string, Application>();
  private readonly projects = new Map<string, AppProject>([
    ['default', defaultProject()],
  ]);
  private readonly overrides = new Map<string, StatusOverride>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** What the repo server last resolved, per repository and revision. */
  private readonly resolved = new Map<string, string>();
  private resourceVersion = 1000;
  private readonly reconcileDelayMs: number;
  private runner?: OperationRunner;

  constructor(reconcileDelayMs: number) {
    this.reconcileDelayMs = reconcileDelayMs;
  }

  /** Hands the apps `runner.manages` to the real application controller. */
  attach(runner: OperationRunner): void {
    this.runner = runner;
  }

  private managed(app: Application): boolean {
    return this.runner?.manages(app) ?? false;
  }

  private nextVersion(): string {
    this.resourceVersion += 1;
    return String(this.resourceVersion);
  }

  listApplications(): Application[] {
    return [...this.apps.values()]
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
      .map(app => structuredClone(app));
  }

  listProjects(): AppProject[] {
    return [...this.projects.values()]
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
      .map(project => structuredClone(project));
  }

  currentResourceVersion(): string {
    return String(this.resourceVersion);
  }

  /** Records commits the repo server resolved (undefined entries are skipped). */
  rememberRevisions(
    sources: ApplicationSource[],
    commits: Array<string | undefined>,
  ): void {
    sources.forEach((source, i) => {
      const commit = commits[i];
      if (commit) this.resolved.set(revisionKey(source), commit);
    });
  }

  /** The revision each source points at now: resolved by the repo server, or quiet. */
  currentRevisions(app: Pick<Application, 'spec'>): string[] {
    return applicationSources(app).map(
      source => this.resolved.get(revisionKey(source)) ?? quietRevision(source),
    );
  }

  /** The revisions the app last synced (one per source). */
  private syncedRevisions(app: Application): string[] | undefined {
    if (app.status.sync.revisions) return app.status.sync.revisions;
    return app.status.sync.revision ? [app.status.sync.revision] : undefined;
  }

  getApplication(name: string): Application {
    const app = this.apps.get(name);
    if (!app) {
      throw new ArgoCdError(
        GrpcCode.NotFound,
        `applications.argoproj.io "${name}" not found`,
      );
    }
    return structuredClone(app);
  }

  /** A copy of the app, or undefined when there is none. */
  findApplication(name: string): Application | undefined {
    const app = this.apps.get(name);
    return app ? structuredClone(app) : undefined;
  }

  getProject(name: string): AppProject {
    const project = this.projects.get(name);
    if (!project) {
      throw new ArgoCdError(
        GrpcCode.NotFound,
        `appprojects.argoproj.io "${name}" not found`,
      );
    }
    return structuredClone(project);
  }

  /** Argo CD's ApplicationService.Create, including its idempotency and upsert rules. */
  createApplication(
    request: Application,
    upsert: boolean,
    validate: boolean,
  ): Application {
    validateApplication(
      request,
      this.projects.get(request.spec.project),
      validate,
    );
    const existing = this.apps.get(request.metadata.name);
    if (!existing) {
      const created: Application = {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: {
          ...request.metadata,
          namespace: request.metadata.namespace ?? ARGOCD_NAMESPACE,
          uid: randomUUID(),
          generation: 1,
          creationTimestamp: now(),
          resourceVersion: this.nextVersion(),
        },
        spec: request.spec,
        status: {
          sync: {
            status: 'OutOfSync',
            comparedTo: {
              source: request.spec.source,
              sources: request.spec.sources,
              destination: request.spec.destination,
            },
          },
          health: { status: 'Missing' },
          reconciledAt: now(),
          sourceType: applicationSources(request)[0]?.chart
            ? 'Helm'
            : 'Directory',
        },
      };
      this.apps.set(created.metadata.name, created);
      this.afterSpecChange(created);
      return structuredClone(created);
    }
    const same =
      equalIgnoringEmpty(existing.spec, request.spec) &&
      equalIgnoringEmpty(existing.metadata.labels, request.metadata.labels) &&
      equalIgnoringEmpty(
        existing.metadata.annotations,
        request.metadata.annotations,
      ) &&
      equalIgnoringEmpty(
        existing.metadata.finalizers,
        request.metadata.finalizers,
      );
    if (same) return structuredClone(existing);
    if (!upsert) {
      throw new ArgoCdError(
        GrpcCode.InvalidArgument,
        'existing application spec is different, use upsert flag to force update',
      );
    }
    // Upsert merges labels and annotations, as Argo CD's updateApp(merge=true) does.
    return this.replaceApplication(existing, request, true);
  }

  /** ApplicationService.Update: replaces spec, labels, annotations and finalizers. */
  updateApplication(request: Application, validate: boolean): Application {
    const existing = this.apps.get(request.metadata.name);
    if (!existing) {
      throw new ArgoCdError(
        GrpcCode.NotFound,
        `applications.argoproj.io "${request.metadata.name}" not found`,
      );
    }
    validateApplication(
      request,
      this.projects.get(request.spec.project),
      validate,
    );
    return this.replaceApplication(existing, request, false);
  }

  private replaceApplication(
    existing: Application,
    request: Application,
    merge: boolean,
  ): Application {
    const specChanged = !equalIgnoringEmpty(existing.spec, request.spec);
    existing.spec = request.spec;
    existing.metadata.labels = merge
      ? { ...existing.metadata.labels, ...request.metadata.labels }
      : request.metadata.labels;
    existing.metadata.annotations = merge
      ? { ...existing.metadata.annotations, ...request.metadata.annotations }
      : request.metadata.annotations;
    existing.metadata.finalizers = request.metadata.finalizers;
    existing.metadata.resourceVersion = this.nextVersion();
    if (specChanged) {
      existing.metadata.generation = (existing.metadata.generation ?? 1) + 1;
      existing.status.sync.comparedTo = {
        source: request.spec.source,
        sources: request.spec.sources,
        destination: request.spec.destination,
      };
      existing.status.sync.status = 'OutOfSync';
      existing.status.reconciledAt = now();
      this.afterSpecChange(existing);
    }
    return structuredClone(existing);
  }

  /**
   * A refresh re-runs the comparison with what the sources point at now:
   * when a branch moved (a merged pull request), the app turns OutOfSync
   * and, with an automated sync policy, syncs the new commit. Otherwise
   * only reconciledAt moves.
   */
  refresh(name: string): void {
    const app = this.apps.get(name);
    if (!app) return;
    app.status.reconciledAt = now();
    app.metadata.resourceVersion = this.nextVersion();
    const synced = this.syncedRevisions(app);
    if (!synced || sameRevisions(synced, this.currentRevisions(app))) return;
    if (app.status.operationState?.phase === 'Running') return;
    app.status.sync.status = 'OutOfSync';
    this.afterSpecChange(app);
    this.applyOverride(app);
  }

  deleteApplication(name: string): void {
    const app = this.apps.get(name);
    if (!app || !this.apps.delete(name)) {
      throw new ArgoCdError(
        GrpcCode.NotFound,
        `applications.argoproj.io "${name}" not found`,
      );
    }
    this.overrides.delete(name);
    if (this.managed(app)) this.runner!.deleted(structuredClone(app));
  }

  /**
   * A seeded app as the simulator starts with it: deployed by its last
   * sync. With an automated sync policy that sync was of what its sources
   * point at now (Synced, Healthy). Without one, its branch has moved on
   * since (a merged change nobody synced): it runs the commit before, so
   * its live state differs from git and it is OutOfSync (and Healthy)
   * until someone syncs it, as Argo CD shows such an app.
   */
  seedDeployed(name: string): void {
    const app = this.apps.get(name);
    if (!app || app.status.operationState?.phase === 'Running') return;
    const current = this.currentRevisions(app);
    this.startOperation(
      app,
      { username: 'admin' },
      {
        revisions: app.spec.syncPolicy?.automated
          ? current
          : current.map(previousRevision),
      },
    );
  }

  /** ApplicationService.Sync: starts a sync operation unless one is running. */
  syncApplication(
    name: string,
    options: { revision?: string; prune?: boolean; dryRun?: boolean },
  ): Application {
    const app = this.apps.get(name);
    if (!app)
      throw new ArgoCdError(
        GrpcCode.NotFound,
        `applications.argoproj.io "${name}" not found`,
      );
    if (app.status.operationState?.phase === 'Running') {
      throw new ArgoCdError(
        GrpcCode.FailedPrecondition,
        'another operation is already in progress',
      );
    }
    this.startOperation(app, { username: 'admin' }, options);
    return structuredClone(app);
  }

  /**
   * The controller's automated sync (syncPolicy.automated) of a managed
   * app: an operation initiated by the controller, at `revisions`.
   */
  startAutomatedSync(name: string, revisions: string[]): void {
    const app = this.apps.get(name);
    if (!app || app.status.operationState?.phase === 'Running') return;
    this.startOperation(
      app,
      { automated: true },
      {
        prune: app.spec.syncPolicy?.automated?.prune,
        revisions,
      },
    );
  }

  /** The comparison of a managed app with its destination, as the controller found it. */
  setComparison(name: string, update: ComparisonUpdate): void {
    const app = this.apps.get(name);
    if (!app) return;
    const multi = isMultiSource(app);
    app.status.sync.status = update.sync;
    if (multi) {
      app.status.sync.revisions = update.revisions;
      delete app.status.sync.revision;
    } else {
      app.status.sync.revision = update.revisions[0];
      delete app.status.sync.revisions;
    }
    app.status.sync.comparedTo = {
      source: app.spec.source,
      sources: app.spec.sources,
      destination: app.spec.destination,
    };
    if (update.health) app.status.health = update.health;
    if (update.resources) app.status.resources = update.resources;
    const at = now();
    app.status.conditions = update.conditions?.map(c => ({
      ...c,
      lastTransitionTime: at,
    }));
    if (!app.status.conditions?.length) delete app.status.conditions;
    app.status.reconciledAt = at;
    app.metadata.resourceVersion = this.nextVersion();
    this.applyOverride(app);
  }

  /** Updates the running operation's message (what it waits for). */
  operationProgress(name: string, message: string): void {
    const state = this.apps.get(name)?.status.operationState;
    if (state?.phase === 'Running') state.message = message;
  }

  /** A managed app's operation ended: its result and, when it succeeded, a history entry. */
  completeOperation(name: string, outcome: OperationOutcome): void {
    const app = this.apps.get(name);
    const state = app?.status.operationState;
    if (!app || !state || state.phase !== 'Running') return;
    const multi = isMultiSource(app);
    const revisions =
      state.operation.sync.revisions ??
      (state.operation.sync.revision ? [state.operation.sync.revision] : []);
    const finishedAt = now();
    state.phase = outcome.phase;
    state.message = outcome.message;
    state.finishedAt = finishedAt;
    if (outcome.retryCount) state.retryCount = outcome.retryCount;
    state.syncResult = {
      ...(multi
        ? { revision: '', revisions, sources: app.spec.sources }
        : { revision: revisions[0], source: app.spec.source }),
      resources: outcome.resources,
    };
    delete app.operation;
    if (outcome.phase === 'Succeeded' && !state.operation.sync.dryRun) {
      this.recordHistory(app, revisions, state.startedAt, finishedAt);
    }
    app.status.reconciledAt = finishedAt;
    app.metadata.resourceVersion = this.nextVersion();
    this.applyOverride(app);
  }

  private recordHistory(
    app: Application,
    revisions: string[],
    startedAt: string,
    finishedAt: string,
  ): void {
    const multi = isMultiSource(app);
    const history = app.status.history ?? [];
    history.push({
      id: (history[history.length - 1]?.id ?? -1) + 1,
      revision: multi ? '' : revisions[0],
      ...(multi ? { revisions, sources: app.spec.sources } : {}),
      deployedAt: finishedAt,
      deployStartedAt: startedAt,
      source: app.spec.source,
    });
    app.status.history = history.slice(-10);
  }

  createProject(request: AppProject, upsert: boolean): AppProject {
    const name = request?.metadata?.name;
    if (!name) {
      throw new ArgoCdError(
        GrpcCode.InvalidArgument,
        'AppProject.argoproj.io "" is invalid: metadata.name: Required value: name or generateName is required',
      );
    }
    validateProject(request);
    const existing = this.projects.get(name);
    if (existing && !upsert) {
      if (!equalIgnoringEmpty(existing.spec, request.spec)) {
        throw new ArgoCdError(
          GrpcCode.InvalidArgument,
          'existing project spec is different; use upsert flag to force update',
        );
      }
      return structuredClone(existing);
    }
    return this.storeProject(request, existing);
  }

  /** ProjectService.Update: replaces spec, labels and annotations of an existing project. */
  updateProject(request: AppProject): AppProject {
    const name = request?.metadata?.name;
    const existing = name ? this.projects.get(name) : undefined;
    if (!existing) {
      throw new ArgoCdError(
        GrpcCode.NotFound,
        `appprojects.argoproj.io "${name ?? ''}" not found`,
      );
    }
    validateProject(request);
    return this.storeProject(request, existing);
  }

  /** ProjectService.Delete: refused while applications still use the project. */
  deleteProject(name: string): void {
    if (!this.projects.has(name)) {
      throw new ArgoCdError(
        GrpcCode.NotFound,
        `appprojects.argoproj.io "${name}" not found`,
      );
    }
    const users = [...this.apps.values()].filter(
      app => app.spec.project === name,
    ).length;
    if (users > 0) {
      throw new ArgoCdError(
        GrpcCode.FailedPrecondition,
        `project is referenced by ${users} applications`,
      );
    }
    this.projects.delete(name);
  }

  private storeProject(
    request: AppProject,
    existing: AppProject | undefined,
  ): AppProject {
    const project: AppProject = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: {
        ...request.metadata,
        namespace: ARGOCD_NAMESPACE,
        uid: existing?.metadata.uid ?? randomUUID(),
        creationTimestamp: existing?.metadata.creationTimestamp ?? now(),
        resourceVersion: this.nextVersion(),
      },
      spec: request.spec ?? {},
      status: {},
    };
    this.projects.set(project.metadata.name, project);
    return structuredClone(project);
  }

  /** Test hook: forces health and/or sync status; persists across later syncs until cleared. */
  setStatus(name: string, override: StatusOverride | undefined): void {
    const app = this.apps.get(name);
    if (!app)
      throw new Error(`no Argo CD application named ${name} in the simulator`);
    if (!override) {
      this.overrides.delete(name);
      return;
    }
    this.overrides.set(name, override);
    this.applyOverride(app);
  }

  /** Finishes every pending operation now (for seeding demo data without waiting). */
  settleAll(): void {
    for (const app of this.apps.values()) {
      if (app.status.operationState?.phase === 'Running' && !this.managed(app))
        this.finishOperation(app);
    }
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private afterSpecChange(app: Application): void {
    if (this.managed(app)) {
      // The controller compares with the destination and decides whether
      // an automated sync is due (only when something is out of sync).
      this.runner!.specChanged(app.metadata.name);
      return;
    }
    if (
      app.spec.syncPolicy?.automated &&
      app.status.operationState?.phase !== 'Running'
    ) {
      this.startOperation(
        app,
        { automated: true },
        { prune: app.spec.syncPolicy.automated.prune },
      );
    }
  }

  private startOperation(
    app: Application,
    initiatedBy: { username?: string; automated?: boolean },
    options: {
      revision?: string;
      revisions?: string[];
      prune?: boolean;
      dryRun?: boolean;
    },
  ): void {
    const current = options.revisions ?? this.currentRevisions(app);
    const revisions =
      options.revision && !isMultiSource(app) ? [options.revision] : current;
    const operation = {
      sync: {
        ...(isMultiSource(app)
          ? { revisions }
          : { revision: revisions[0] ?? quietRevision(undefined) }),
        prune: options.prune,
        dryRun: options.dryRun,
      },
      initiatedBy,
    };
    app.operation = operation;
    app.status.operationState = {
      operation,
      phase: 'Running',
      message: 'one or more tasks are running',
      startedAt: now(),
    };
    app.metadata.resourceVersion = this.nextVersion();
    if (this.managed(app)) {
      this.applyOverride(app);
      this.runner!.operationStarted(app.metadata.name);
      return;
    }
    if (!options.dryRun) app.status.health = { status: 'Progressing' };
    this.applyOverride(app);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.apps.get(app.metadata.name) === app) this.finishOperation(app);
    }, this.reconcileDelayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private finishOperation(app: Application): void {
    const state = app.status.operationState;
    if (!state || state.phase !== 'Running') return;
    const multi = isMultiSource(app);
    const revisions =
      state.operation.sync.revisions ??
      (state.operation.sync.revision
        ? [state.operation.sync.revision]
        : this.currentRevisions(app));
    const finishedAt = now();
    state.phase = 'Succeeded';
    state.message = 'successfully synced (all tasks run)';
    state.finishedAt = finishedAt;
    // Multi-source apps report `revisions`/`sources`; `revision` stays empty, as in Argo CD.
    state.syncResult = multi
      ? { revision: '', revisions, sources: app.spec.sources }
      : { revision: revisions[0], source: app.spec.source };
    delete app.operation;
    if (!state.operation.sync.dryRun) {
      // Argo CD compares the live state with what the sources point at
      // now: a sync of another commit (an older one) leaves it OutOfSync.
      // A symbolic revision (a branch or tag) resolves to the current one.
      const current = this.currentRevisions(app);
      const behind = revisions.some(
        (r, i) =>
          /^[0-9a-f]{40}$/.test(r) &&
          current[i] !== undefined &&
          r !== current[i],
      );
      app.status.sync.status = behind ? 'OutOfSync' : 'Synced';
      if (multi) {
        app.status.sync.revisions = revisions;
        delete app.status.sync.revision;
      } else {
        app.status.sync.revision = revisions[0];
        delete app.status.sync.revisions;
      }
      app.status.health = { status: 'Healthy' };
      this.recordHistory(app, revisions, state.startedAt, finishedAt);
    }
    app.status.reconciledAt = finishedAt;
    app.metadata.resourceVersion = this.nextVersion();
    this.applyOverride(app);
  }

  private applyOverride(app: Application): void {
    const override = this.overrides.get(app.metadata.name);
    if (!override) return;
    if (override.health) {
      app.status.health = {
        status: override.health,
        message: override.healthMessage,
      };
    }
    if (override.sync) app.status.sync.status = override.sync;
    app.status.reconciledAt = now();
  }
}
