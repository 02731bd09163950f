import fs from 'node:fs';
import path from 'node:path';
import {
  freePort,
  ManagedProcess,
  startProcess,
  waitUntilReady,
} from '../shared/process';
import { upstreamBinary } from '../upstreams';

/** One real etcd (the pinned `go.etcd.io/etcd/server/v3` build) on loopback. */
export interface EtcdServer {
  /** Client URL, e.g. `http://127.0.0.1:43791`. */
  url: string;
  version: string;
  pid?: number;
  /** The store's current revision (every API server's resourceVersions come from it). */
  revision(): Promise<number>;
  /**
   * Compacts the history up to `revision` (default: the current one), as
   * the API servers' own compactor does every 5 minutes: a watch or a
   * paged LIST from an older resourceVersion then gets `410 Gone`.
   */
  compact(revision?: number): Promise<number>;
  stop(): Promise<void>;
}

async function gateway(url: string, route: string, body: unknown) {
  const res = await fetch(`${url}/v3/${route}`, {
    method: 'POST',
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const json = (await res.json()) as any;
  if (!res.ok) {
    throw new Error(
      `etcd ${route} answered HTTP ${res.status}: ${json?.message ?? ''}`,
    );
  }
  return json;
}

/**
 * Starts etcd with its data in `dataDir`. fsync is off: the data is
 * throwaway, and on a shared 2-core machine disk flushes would dominate
 * every write of the workload simulator.
 */
export async function startEtcd(options: {
  dataDir: string;
  timeoutMs?: number;
  /** Told when etcd ends without stop(), with its last output lines. */
  onUnexpectedExit?: (message: string) => void;
}): Promise<EtcdServer> {
  const binary = upstreamBinary('etcd');
  fs.mkdirSync(options.dataDir, { recursive: true });
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const proc: ManagedProcess = startProcess(
    'etcd',
    binary.path,
    [
      '--name=sandbox',
      `--data-dir=${path.join(options.dataDir, 'member')}`,
      `--listen-client-urls=${url}`,
      `--advertise-client-urls=${url}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=sandbox=${peer}`,
      '--unsafe-no-fsync',
      '--log-level=error',
      // 8 GiB: 1,000-service fleets on several clusters stay far below it.
      '--quota-backend-bytes=8589934592',
    ],
    options.dataDir,
    {
      onUnexpectedExit: (reason, output) =>
        options.onUnexpectedExit?.(
          `etcd ended unexpectedly (${reason}); its last output:\n${output}`,
        ),
    },
  );
  try {
    await waitUntilReady(`${url}/health`, proc, options.timeoutMs ?? 30_000);
  } catch (error) {
    await proc.stop();
    throw error;
  }
  const revision = async () =>
    Number((await gateway(url, 'kv/range', { key: 'AA==' })).header.revision);
  return {
    url,
    version: binary.version,
    pid: proc.child.pid,
    revision,
    async compact(at?: number) {
      const target = at ?? (await revision());
      await gateway(url, 'kv/compaction', {
        revision: String(target),
        physical: true,
      });
      return target;
    },
    stop: () => proc.stop(),
  };
}
