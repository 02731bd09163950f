import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityPlatformStatus,
  StatusView,
} from '@internal/backstage-plugin-eks-platform-common';

/**
 * Assembled statuses, reused while none of their inputs changed: the
 * entity's own fields that pick its workloads, alerts, traces and
 * applications (annotations, owner), and the version of every source (the
 * watch caches' change counters and sync states, the polled snapshots'
 * generations). A fleet query over many entities then only assembles what
 * changed since the last one. Bounded; the least recently used goes first.
 *
 * What is never kept: an answer with a source in `error` or `stale` (a
 * deadline or a failing upstream may be over by the next request), so the
 * memo can only ever repeat a complete, fresh answer.
 */
export class StatusMemo {
  private readonly entries = new Map<
    string,
    { versions: string; value: EntityPlatformStatus }
  >();

  constructor(private readonly maxEntries = 10_000) {}

  get size() {
    return this.entries.size;
  }

  /** The key: the view, the ref and every entity field the status reads. */
  static keyOf(entity: Entity, view: StatusView): string {
    return JSON.stringify([
      view,
      stringifyEntityRef(entity),
      entity.metadata.annotations ?? {},
      (entity.spec as { owner?: unknown } | undefined)?.owner ?? null,
    ]);
  }

  get(key: string, versions: string): EntityPlatformStatus | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    if (hit.versions !== versions) return undefined;
    this.entries.set(key, hit);
    return hit.value;
  }

  remember(key: string, versions: string, value: EntityPlatformStatus) {
    const complete = Object.values(value.sources).every(
      s => s.state === 'ok' || s.state === 'not-configured',
    );
    if (!complete) return;
    this.entries.delete(key);
    this.entries.set(key, { versions, value });
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }
}
