import type { HealthStatusCode } from '../types';
import { driftOf } from './diff';
import { healthOf, worst } from './health';
import { isTrackedBy, resourceKey, ResourceRef } from './resources';
import type { SyncTask } from './syncPlan';
import type { LiveTarget } from './targets';

/*
 * The controller's comparison: each desired resource read live from the
 * destination. Missing or drifted → OutOfSync; a resource the
 * Application managed before that is gone from the desired state but still
 * carries its tracking annotation → OutOfSync, "requires pruning". The
 * Application's health is its worst resource's (resources without a
 * health assessment count only when missing). Hooks are not compared.
 */

export interface ResourceStatus extends ResourceRef {
  status: 'Synced' | 'OutOfSync';
  health?: { status: HealthStatusCode; message?: string };
  requiresPruning?: boolean;
  /** Where live first differs from desired (sandbox extra: Argo CD shows it as a diff). */
  drift?: string;
}

export interface Comparison {
  sync: 'Synced' | 'OutOfSync';
  health: { status: HealthStatusCode; message?: string };
  resources: ResourceStatus[];
}

async function pool<T, R>(
  items: T[],
  size: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await run(items[i]);
      }
    }),
  );
  return out;
}

export async function compareWithLive(input: {
  appName: string;
  tasks: SyncTask[];
  target: LiveTarget;
  /** What the Application managed at its last comparison or sync. */
  previous: ResourceRef[];
}): Promise<Comparison> {
  const managed = input.tasks.filter(t => !t.hook);
  const desiredKeys = new Set(managed.map(t => t.key));
  const resources = await pool(managed, 8, async task => {
    const live = await input.target.get(task.ref);
    const { version, ...ref } = task.ref;
    if (!live) {
      return {
        ...ref,
        version,
        status: 'OutOfSync' as const,
        health: { status: 'Missing' as HealthStatusCode },
      };
    }
    const drift = driftOf(task.object, live);
    return {
      ...ref,
      version,
      status: drift ? ('OutOfSync' as const) : ('Synced' as const),
      ...(drift ? { drift } : {}),
      health: healthOf(live),
    };
  });
  const leftovers = input.previous.filter(
    ref => !desiredKeys.has(resourceKey(ref)),
  );
  const extra = await pool(leftovers, 8, async ref => {
    const live = await input.target.get(ref);
    return live && isTrackedBy(live, input.appName)
      ? [{ ...ref, status: 'OutOfSync' as const, requiresPruning: true }]
      : [];
  });
  const all: ResourceStatus[] = [...resources, ...extra.flat()];
  const healths = all.flatMap(r => (r.health ? [r.health] : []));
  const status = worst(healths.map(h => h.status));
  const message = healths.find(h => h.status === status)?.message;
  return {
    sync: all.every(r => r.status === 'Synced') ? 'Synced' : 'OutOfSync',
    health: status === 'Healthy' ? { status } : { status, message },
    resources: all,
  };
}
