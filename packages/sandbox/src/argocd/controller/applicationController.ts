import { KubeApiError } from '../../kubernetes/kubeClient';
import type { ClusterRegistry } from '../clusterRegistry';
import { generateManifests } from '../manifests/generate';
import type { RepoServer } from '../repoServer';
import type { ArgoCdStore, OperationRunner } from '../store';
import type { Application } from '../types';
import { applicationSources } from '../validation';
import { compareWithLive, ResourceStatus } from './compare';
import { DesiredState, prepareDesiredState } from './desiredState';
import { parseDuration } from './durations';
import { ResourceRef, resourceKey } from './resources';
import { runSync, SyncOutcome } from './syncOperation';
import type { LiveTarget } from './targets';

/*
 * The application controller for the Applications it manages (all but the
 * demo Applications seeded at start): on a refresh it resolves each
 * source's revision (git ls-remote), renders the desired state at those
 * commits when they or the spec changed (real git checkout, real Helm),
 * compares it with the destination's live objects and writes sync status,
 * revisions, per-resource status and health. An OutOfSync app with
 * `syncPolicy.automated` is synced once per revision and spec (again only
 * with selfHeal, after the self-heal timeout); a failed automated sync is
 * not retried for the same revision, as Argo CD does. Between refreshes
 * the live side is re-read every `statusIntervalMs`, as Argo CD's cluster
 * cache would notice changes, so health follows the rollout.
 */

export interface ApplicationControllerOptions {
  store: ArgoCdStore;
  repoServer: RepoServer;
  clusters: ClusterRegistry;
  /** Demo Applications whose workloads the workload simulator writes: not deployed. */
  seeded: Set<string>;
  statusIntervalMs: number;
  waveDelayMs: number;
  healthTimeoutMs: number;
  selfHealTimeoutMs: number;
  log: (message: string) => void;
}

interface AppState {
  chain: Promise<void>;
  rendered?: { key: string; revisions: string[]; desired: DesiredState };
  previous: Map<string, ResourceRef>;
  lastAutoSync?: { key: string; at: number; succeeded?: boolean };
  operating: boolean;
  comparing: boolean;
}

const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';
const sleep = (ms: number) =>
  new Promise(resolve => setTimeout(resolve, ms).unref());

function refOnly(r: ResourceRef): ResourceRef {
  return {
    group: r.group,
    version: r.version,
    kind: r.kind,
    namespace: r.namespace,
    name: r.name,
  };
}

export class ApplicationController implements OperationRunner {
  private readonly states = new Map<string, AppState>();
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly options: ApplicationControllerOptions) {
    this.timer = setInterval(() => this.rereadLive(), options.statusIntervalMs);
    this.timer.unref();
  }

  manages(app: Application): boolean {
    return !this.options.seeded.has(app.metadata.name);
  }

  specChanged(name: string): void {
    this.refresh(name).catch(() => {});
  }

  operationStarted(name: string): void {
    this.runOperation(name).catch(error =>
      this.options.log(`argocd: operation of ${name} failed: ${error}`),
    );
  }

  deleted(app: Application): void {
    const state = this.states.get(app.metadata.name);
    this.states.delete(app.metadata.name);
    if (!app.metadata.finalizers?.includes(RESOURCES_FINALIZER)) return;
    // Cascading deletion: what the Application deployed goes with it.
    const refs = [
      ...(state?.previous.values() ?? []),
      ...((app.status.resources ?? []) as ResourceRef[]),
    ];
    let target: LiveTarget;
    try {
      target = this.options.clusters.resolve(app.spec.destination);
    } catch {
      return;
    }
    Promise.all(refs.map(ref => target.remove(ref))).catch(error =>
      this.options.log(
        `argocd: deleting the resources of ${app.metadata.name}: ${error}`,
      ),
    );
  }

  /**
   * Resolves the sources again and compares (what `?refresh=normal`, the
   * reconciliation timer and webhooks do); resolves when the status is
   * written.
   */
  refresh(name: string): Promise<void> {
    return this.serialised(name, () => this.compare(name, true));
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
  }

  private state(name: string): AppState {
    let state = this.states.get(name);
    if (!state) {
      state = {
        chain: Promise.resolve(),
        previous: new Map(),
        operating: false,
        comparing: false,
      };
      this.states.set(name, state);
    }
    return state;
  }

  private serialised(name: string, run: () => Promise<void>): Promise<void> {
    const state = this.state(name);
    const next = state.chain.then(run, run);
    state.chain = next.catch(() => {});
    return next;
  }

  /** Re-reads live objects of every rendered app: health and drift between refreshes. */
  private rereadLive(): void {
    if (this.closed) return;
    for (const [name, state] of this.states) {
      if (!state.rendered || state.comparing) continue;
      state.comparing = true;
      this.serialised(name, () => this.compare(name, false))
        .catch(() => {})
        .finally(() => {
          state.comparing = false;
        });
    }
  }

  private application(name: string): Application | undefined {
    return this.options.store.findApplication(name);
  }

  private async resolveRevisions(app: Application): Promise<string[]> {
    return Promise.all(
      applicationSources(app).map(source =>
        this.options.repoServer.resolveRevision(
          source.repoURL,
          source.targetRevision || 'HEAD',
        ),
      ),
    );
  }

  /** The desired state at `revisions`, rendered once per spec, project and revisions. */
  private async desired(
    app: Application,
    revisions: string[],
    target: LiveTarget,
  ): Promise<DesiredState> {
    const state = this.state(app.metadata.name);
    const project = this.options.store.getProject(app.spec.project);
    const key = JSON.stringify([
      applicationSources(app),
      app.spec.destination,
      revisions,
      project.metadata.resourceVersion,
    ]);
    if (state.rendered?.key === key) return state.rendered.desired;
    const info = await target.info();
    const manifests = await generateManifests(app, revisions, {
      namespace: app.spec.destination.namespace ?? '',
      kubeVersion: info.kubeVersion,
      apiVersions: info.apiVersions,
      checkout: (repoURL, commit) =>
        this.options.repoServer.checkout(repoURL, commit),
    });
    const desired = await prepareDesiredState({
      appName: app.metadata.name,
      manifests,
      target,
      destination: app.spec.destination,
      project,
    });
    state.rendered = { key, revisions, desired };
    return desired;
  }

  private async compare(name: string, resolve: boolean): Promise<void> {
    const app = this.application(name);
    if (!app || this.closed) return;
    const state = this.state(name);
    let revisions = state.rendered?.revisions;
    try {
      const target = this.options.clusters.resolve(app.spec.destination);
      if (resolve || !revisions) revisions = await this.resolveRevisions(app);
      const desired = await this.desired(app, revisions, target);
      const comparison = await compareWithLive({
        appName: name,
        tasks: desired.tasks,
        target,
        previous: this.previous(app),
      });
      for (const task of desired.tasks.filter(t => !t.hook))
        state.previous.set(task.key, refOnly(task.ref));
      const conditions = desired.invalid.length
        ? [
            {
              type: 'SyncError',
              message: desired.invalid
                .map(
                  i =>
                    `${i.object.kind}/${i.object.metadata?.name}: ${i.message}`,
                )
                .join('; '),
            },
          ]
        : undefined;
      this.options.store.setComparison(name, {
        sync: comparison.sync,
        revisions,
        health: comparison.health,
        resources: comparison.resources,
        conditions,
      });
      this.maybeAutoSync(app, revisions, comparison.sync, comparison.resources);
    } catch (error) {
      const unreachable = error instanceof KubeApiError && error.status === 0;
      this.options.store.setComparison(name, {
        sync: 'Unknown',
        revisions: revisions ?? this.options.store.currentRevisions(app),
        health: unreachable
          ? { status: 'Unknown', message: (error as Error).message }
          : undefined,
        conditions: [
          {
            type: 'ComparisonError',
            message: `Failed to load target state: ${(error as Error).message}`,
          },
        ],
      });
    }
  }

  private previous(app: Application): ResourceRef[] {
    const state = this.state(app.metadata.name);
    const refs = new Map(state.previous);
    for (const r of (app.status.resources ?? []) as ResourceStatus[])
      refs.set(resourceKey(r), refOnly(r));
    return [...refs.values()];
  }

  private maybeAutoSync(
    app: Application,
    revisions: string[],
    sync: 'Synced' | 'OutOfSync',
    resources: ResourceStatus[],
  ): void {
    const automated = app.spec.syncPolicy?.automated;
    if (!automated || sync !== 'OutOfSync') return;
    if (app.status.operationState?.phase === 'Running') return;
    const state = this.state(app.metadata.name);
    // Pruning alone does not trigger an automated sync that may not prune.
    if (!automated.prune && resources.every(r => r.requiresPruning)) return;
    const key = JSON.stringify([
      revisions,
      applicationSources(app),
      app.spec.destination,
    ]);
    const last = state.lastAutoSync;
    if (last?.key === key) {
      if (last.succeeded === undefined || last.succeeded === false) return;
      if (!automated.selfHeal) return;
      if (Date.now() - last.at < this.options.selfHealTimeoutMs) return;
    }
    state.lastAutoSync = { key, at: Date.now() };
    this.options.store.startAutomatedSync(app.metadata.name, revisions);
  }

  private async runOperation(name: string): Promise<void> {
    const state = this.state(name);
    state.operating = true;
    let outcome: SyncOutcome & { retryCount?: number };
    let automated = false;
    try {
      const app = this.application(name);
      const operation = app?.status.operationState?.operation;
      if (!app || !operation) return;
      automated = operation.initiatedBy.automated === true;
      const revisions =
        operation.sync.revisions ??
        (operation.sync.revision ? [operation.sync.revision] : []);
      const retry = app.spec.syncPolicy?.retry as
        | {
            limit?: number;
            backoff?: {
              duration?: string;
              factor?: number;
              maxDuration?: string;
            };
          }
        | undefined;
      const limit = retry?.limit ?? 0;
      let delay = parseDuration(retry?.backoff?.duration, 5000);
      const maxDelay = parseDuration(retry?.backoff?.maxDuration, 180_000);
      for (let attempt = 0; ; attempt++) {
        outcome = await this.syncOnce(app, revisions, operation.sync);
        if (
          outcome.phase === 'Succeeded' ||
          attempt >= limit ||
          this.closed ||
          !this.application(name)
        )
          break;
        outcome.retryCount = attempt + 1;
        this.options.store.operationProgress(
          name,
          `${outcome.message}. Retrying attempt #${attempt + 1} in ${Math.round(
            delay / 1000,
          )} s`,
        );
        await sleep(delay);
        delay = Math.min(maxDelay, delay * (retry?.backoff?.factor ?? 2));
      }
      this.options.store.completeOperation(name, outcome!);
      for (const r of outcome!.resources) {
        if (r.status === 'Pruned') state.previous.delete(resourceKey(r));
      }
    } finally {
      state.operating = false;
      if (automated && state.lastAutoSync)
        state.lastAutoSync.succeeded = outcome!?.phase === 'Succeeded';
    }
    await this.serialised(name, () => this.compare(name, false));
  }

  private async syncOnce(
    app: Application,
    revisions: string[],
    sync: { prune?: boolean; dryRun?: boolean; syncOptions?: string[] },
  ): Promise<SyncOutcome> {
    const name = app.metadata.name;
    try {
      const target = this.options.clusters.resolve(app.spec.destination);
      const desired = await this.desired(app, revisions, target);
      return await runSync({
        appName: name,
        desired,
        target,
        destination: app.spec.destination,
        prune: sync.prune ?? false,
        dryRun: sync.dryRun ?? false,
        syncOptions: [
          ...(app.spec.syncPolicy?.syncOptions ?? []),
          ...(sync.syncOptions ?? []),
        ],
        managedNamespaceMetadata: app.spec.syncPolicy
          ?.managedNamespaceMetadata as SyncOutcomeNamespaceMetadata,
        previous: this.previous(app),
        waveDelayMs: this.options.waveDelayMs,
        healthTimeoutMs: this.options.healthTimeoutMs,
        progress: message =>
          this.options.store.operationProgress(name, message),
        cancelled: () => this.closed || !this.application(name),
      });
    } catch (error) {
      return {
        phase: 'Failed',
        message: `ComparisonError: ${(error as Error).message}`,
        resources: [],
      };
    }
  }
}

type SyncOutcomeNamespaceMetadata =
  | { labels?: Record<string, string>; annotations?: Record<string, string> }
  | undefined;
