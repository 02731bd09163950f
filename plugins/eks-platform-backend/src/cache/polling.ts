import { LoggerService } from '@backstage/backend-plugin-api';
import { Snapshot, SnapshotStore } from './SnapshotStore';
import { describeUpstreamFailure } from '@internal/backstage-plugin-eks-platform-node';

/**
 * One poll of every instance of a source. Instances are fetched in parallel
 * and each records its own result as soon as it has one, so a slow or dead
 * instance never holds back the others.
 */
export async function pollInstances<T>(options: {
  store: SnapshotStore;
  source: string;
  instances: string[];
  logger: LoggerService;
  fetch: (instance: string) => Promise<T>;
}): Promise<void> {
  const { store, source, instances, logger } = options;
  await Promise.all(
    instances.map(async instance => {
      let changed: boolean;
      try {
        const data = await options.fetch(instance);
        changed = await store.recordSuccess(source, instance, data);
      } catch (error) {
        const message = describeUpstreamFailure(error);
        logger.warn(
          `Polling ${source} instance '${instance}' failed: ${message}`,
        );
        changed = await store.recordFailure(source, instance, message);
      }
      // Per instance, so a fast instance's data shows before a slow one ends.
      // A poll that found what was stored only moves the poll time: what
      // was derived from the data (remembered statuses) stays valid.
      if (changed) await store.bumpGeneration(source);
      else await store.bumpPolled(source);
    }),
  );
}

/**
 * Reads the snapshots of a source's instances for a status request. An
 * instance nobody has polled yet (cold cache) triggers the scheduled task
 * and is awaited until the deadline; after that it is reported as missing.
 */
export async function readSnapshots<T>(options: {
  store: SnapshotStore;
  source: string;
  instances: string[];
  deadline: number;
  trigger: () => void;
}): Promise<Map<string, Snapshot<T> | undefined>> {
  const { store, source, instances, deadline } = options;
  const result = new Map<string, Snapshot<T> | undefined>();
  let missing = instances;
  let triggered = false;
  for (;;) {
    const read = await Promise.all(missing.map(i => store.get<T>(source, i)));
    const stillMissing: string[] = [];
    missing.forEach((instance, index) => {
      result.set(instance, read[index]);
      if (!read[index]) stillMissing.push(instance);
    });
    missing = stillMissing;
    if (missing.length === 0 || Date.now() >= deadline) return result;
    if (!triggered) {
      triggered = true;
      options.trigger();
    }
    await new Promise(resolve =>
      setTimeout(resolve, Math.max(0, Math.min(50, deadline - Date.now()))),
    );
  }
}
