import type { ApplicationDestination } from '../types';
import type { DesiredState } from './desiredState';
import { healthOf } from './health';
import { isTrackedBy, resourceKey, ResourceRef } from './resources';
import { steps, SyncTask } from './syncPlan';
import type { LiveTarget } from './targets';

/*
 * One sync operation, in gitops-engine's order:
 *
 * 1. refuse to start when any task is invalid (a kind the destination
 *    does not serve, a resource the project forbids) or when the server's
 *    dry-run refuses one ("one or more synchronization tasks are not
 *    valid"): nothing is applied;
 * 2. CreateNamespace=true: the destination namespace, with
 *    managedNamespaceMetadata;
 * 3. PreSync hooks, then the resources and Sync hooks wave by wave, then
 *    PostSync hooks, each with server-side apply; between waves it pauses
 *    (ARGOCD_SYNC_WAVE_DELAY, 2 s) and waits until the previous wave's
 *    resources are Healthy;
 * 4. the resources the Application managed before and no longer renders
 *    are deleted when pruning is on, otherwise reported as "requires
 *    pruning" (PruneLast: after everything else).
 *
 * A failed apply stops the operation after its wave, runs SyncFail hooks
 * and fails it. Hooks are applied in their phase (re-created under
 * BeforeHookCreation) but their completion is not awaited: no Job
 * controller or kubelet runs in the sandbox.
 */

export interface ResourceResult extends ResourceRef {
  status: 'Synced' | 'SyncFailed' | 'Pruned' | 'PruneSkipped';
  message: string;
  syncPhase: string;
  hookPhase?: 'Succeeded' | 'Failed' | 'Running';
}

export interface SyncOutcome {
  phase: 'Succeeded' | 'Failed';
  message: string;
  resources: ResourceResult[];
}

export interface SyncRequest {
  appName: string;
  desired: DesiredState;
  target: LiveTarget;
  destination: ApplicationDestination;
  prune: boolean;
  dryRun: boolean;
  syncOptions: string[];
  managedNamespaceMetadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  /** What the Application managed before (candidates for pruning). */
  previous: ResourceRef[];
  waveDelayMs: number;
  healthTimeoutMs: number;
  /** Shown as the operation's message while it runs. */
  progress(message: string): void;
  /** True once the operation should stop (app deleted, simulator closing). */
  cancelled(): boolean;
}

function kindName(ref: ResourceRef): string {
  return `${ref.kind.toLowerCase()}${ref.group ? `.${ref.group}` : ''}/${
    ref.name
  }`;
}

const sleep = (ms: number) =>
  new Promise(resolve => setTimeout(resolve, ms).unref());

function errorMessage(error: unknown): string {
  const body = (error as { body?: { message?: string } })?.body;
  return body?.message ?? (error as Error)?.message ?? String(error);
}

async function waitHealthy(
  request: SyncRequest,
  tasks: SyncTask[],
): Promise<string | undefined> {
  const deadline = Date.now() + request.healthTimeoutMs;
  const waiting = tasks.filter(t => !t.hook);
  for (;;) {
    let pending: SyncTask | undefined;
    for (const task of waiting) {
      const live = await request.target.get(task.ref);
      const health = live ? healthOf(live) : { status: 'Missing' as const };
      if (health && health.status !== 'Healthy') {
        pending = task;
        break;
      }
    }
    if (!pending) return undefined;
    request.progress(
      `waiting for healthy state of ${
        pending.ref.group ? `${pending.ref.group}/` : ''
      }${pending.ref.kind}/${pending.ref.name}`,
    );
    if (Date.now() > deadline || request.cancelled()) {
      return `${kindName(
        pending.ref,
      )} did not become healthy within ${Math.round(
        request.healthTimeoutMs / 1000,
      )} s`;
    }
    await sleep(1000);
  }
}

async function applyTask(
  request: SyncRequest,
  task: SyncTask,
): Promise<ResourceResult> {
  const base = { ...task.ref, syncPhase: task.phase };
  try {
    if (task.hook && task.deletePolicies.includes('BeforeHookCreation')) {
      await request.target.remove(task.ref);
    }
    await request.target.apply(task.object, { dryRun: request.dryRun });
    return {
      ...base,
      status: 'Synced',
      message: `${kindName(task.ref)} serverside-applied${
        request.dryRun ? ' (dry run)' : ''
      }`,
      ...(task.hook ? { hookPhase: 'Succeeded' as const } : {}),
    };
  } catch (error) {
    return {
      ...base,
      status: 'SyncFailed',
      message: errorMessage(error),
      ...(task.hook ? { hookPhase: 'Failed' as const } : {}),
    };
  }
}

async function validate(request: SyncRequest): Promise<ResourceResult[]> {
  const failures: ResourceResult[] = request.desired.invalid.map(i => ({
    group: i.object.apiVersion?.includes('/')
      ? i.object.apiVersion.split('/')[0]
      : '',
    version: i.object.apiVersion?.split('/').pop() ?? '',
    kind: i.object.kind ?? '',
    namespace: i.object.metadata?.namespace,
    name: i.object.metadata?.name ?? '',
    status: 'SyncFailed' as const,
    message: i.message,
    syncPhase: 'Sync',
  }));
  const existing = new Map<string, boolean>();
  for (const task of request.desired.tasks.filter(t => !t.hook)) {
    const ns = task.ref.namespace;
    if (ns !== undefined) {
      if (!existing.has(ns))
        existing.set(ns, await request.target.namespaceExists(ns));
      // A namespace this sync creates cannot hold a dry-run yet.
      if (!existing.get(ns)) continue;
    }
    try {
      await request.target.apply(task.object, { dryRun: true });
    } catch (error) {
      failures.push({
        ...task.ref,
        status: 'SyncFailed',
        message: errorMessage(error),
        syncPhase: task.phase,
      });
    }
  }
  return failures;
}

async function prune(request: SyncRequest): Promise<ResourceResult[]> {
  const desired = new Set(request.desired.tasks.map(t => t.key));
  const results: ResourceResult[] = [];
  for (const ref of request.previous) {
    if (desired.has(resourceKey(ref))) continue;
    const live = await request.target.get(ref);
    if (!live || !isTrackedBy(live, request.appName)) continue;
    if (!request.prune) {
      results.push({
        ...ref,
        status: 'PruneSkipped',
        message: 'ignored (requires pruning)',
        syncPhase: 'Sync',
      });
      continue;
    }
    if (!request.dryRun) await request.target.remove(ref);
    results.push({
      ...ref,
      status: 'Pruned',
      message: `pruned${request.dryRun ? ' (dry run)' : ''}`,
      syncPhase: 'Sync',
    });
  }
  return results;
}

export async function runSync(request: SyncRequest): Promise<SyncOutcome> {
  const invalid = await validate(request);
  if (invalid.length > 0) {
    return {
      phase: 'Failed',
      message: `one or more synchronization tasks are not valid: ${invalid
        .map(r => `${kindName(r)}: ${r.message}`)
        .join('; ')}`,
      resources: invalid,
    };
  }
  const results: ResourceResult[] = [];
  const namespace = request.destination.namespace;
  if (
    namespace &&
    !request.dryRun &&
    request.syncOptions.includes('CreateNamespace=true')
  ) {
    try {
      await request.target.ensureNamespace(
        namespace,
        request.managedNamespaceMetadata,
      );
    } catch (error) {
      return {
        phase: 'Failed',
        message: `failed to create namespace ${namespace}: ${errorMessage(
          error,
        )}`,
        resources: results,
      };
    }
  }
  const normal = request.desired.tasks.filter(t => t.phase !== 'SyncFail');
  const plan = steps(normal);
  for (const [i, step] of plan.entries()) {
    if (request.cancelled()) break;
    request.progress(
      `one or more tasks are running (${step.phase}, wave ${step.wave})`,
    );
    const applied = [];
    for (const task of step.tasks) applied.push(await applyTask(request, task));
    results.push(...applied);
    const failed = applied.find(r => r.status === 'SyncFailed');
    if (failed) {
      for (const hook of request.desired.tasks.filter(
        t => t.phase === 'SyncFail',
      ))
        results.push(await applyTask(request, hook));
      return {
        phase: 'Failed',
        message: `one or more objects failed to apply, reason: ${failed.message}`,
        resources: results,
      };
    }
    if (i < plan.length - 1 && !request.dryRun) {
      await sleep(request.waveDelayMs);
      const unhealthy = await waitHealthy(request, step.tasks);
      if (unhealthy) {
        return { phase: 'Failed', message: unhealthy, resources: results };
      }
    }
  }
  results.push(...(await prune(request)));
  return {
    phase: 'Succeeded',
    message: 'successfully synced (all tasks run)',
    resources: results,
  };
}
