import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findExecutable } from './debianBinaries';
import { freePortSync, waitForPortSync } from './ports';
import { RealServer, RealServerUnavailableError, tail } from './realServer';

/**
 * A throwaway Redis (Debian's package) on a random 127.0.0.1 port, without
 * persistence. It lives until the test process exits, however it exits: a
 * shell watchdog holds Redis and kills it when this process's end closes its
 * stdin. (The backend's Redis clients stay connected after a test backend
 * stops; killing Redis under them in afterAll is an unhandled error.)
 * Synchronous, for use while jest collects tests; throws
 * {@link RealServerUnavailableError} saying what is missing.
 */
export function startRedis(readyTimeoutMs = 15_000): RealServer {
  const binary = findExecutable('redis-server');
  if (!binary) {
    throw new RealServerUnavailableError(
      'Redis',
      'redis-server not found on PATH or in /usr/sbin, /usr/bin (apt-get install redis-server; npm test installs it as root)',
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eks-real-redis-'));
  const log = path.join(dir, 'log');
  const port = freePortSync();
  const script = `"$0" --port ${port} --bind 127.0.0.1 --save '' --appendonly no --dir "$1" >"$2" 2>&1 & pid=$!; trap 'kill $pid 2>/dev/null' EXIT; cat >/dev/null`;
  const child = spawn('/bin/sh', ['-c', script, binary, dir, log], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  // Closing the watchdog's stdin ends `cat`; its EXIT trap then kills Redis.
  const stop = () => {
    child.stdin?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  if (!waitForPortSync(port, readyTimeoutMs)) {
    const output = fs.existsSync(log) ? tail(fs.readFileSync(log)) : '';
    stop();
    throw new RealServerUnavailableError(
      'Redis',
      `${binary} did not listen on 127.0.0.1:${port} within ${readyTimeoutMs} ms: ${output}`,
    );
  }
  return { name: 'Redis', port, stop };
}
