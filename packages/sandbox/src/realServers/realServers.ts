import { startPostgres } from './postgres';
import { RealServer, RealServerUnavailableError } from './realServer';
import { startRedis } from './redis';

const STARTERS = { postgres: startPostgres, redis: startRedis };

export type RealServerName = keyof typeof STARTERS;

export interface RealServers {
  /** All asked-for servers run; false when one could not start. */
  available: boolean;
  /** Why not, when `available` is false. */
  reason?: string;
  postgres?: RealServer;
  redis?: RealServer;
  /** Stops what was started. */
  stop(): void;
}

/**
 * Starts the named real servers now, synchronously, for a test file to use
 * or skip: jest can only skip a test while it collects the file, not from
 * beforeAll, so the servers start here rather than in a hook. A server that
 * cannot start (package missing, no runuser, initdb failing) is no test
 * failure on a machine without it: `available` is false, the reason is
 * logged, and the file runs its real-server tests with `describe.skip`.
 * Any other error is thrown.
 *
 *   const servers = startRealServersOrSkip(['postgres', 'redis'], 'scale-out');
 *   const describeWithServers = servers.available ? describe : describe.skip;
 */
export function startRealServersOrSkip(
  names: RealServerName[],
  what: string,
  starters: Record<RealServerName, () => RealServer> = STARTERS,
): RealServers {
  const started: RealServer[] = [];
  const result: RealServers = {
    available: true,
    stop: () => {
      for (const server of started.splice(0)) server.stop();
    },
  };
  try {
    for (const name of names) {
      const server = starters[name]();
      started.push(server);
      result[name] = server;
    }
  } catch (error) {
    if (!(error instanceof RealServerUnavailableError)) {
      result.stop();
      throw error;
    }
    result.stop();
    result.available = false;
    result.reason = error.message;
    delete result.postgres;
    delete result.redis;
    // eslint-disable-next-line no-console
    console.warn(`Skipping ${what}: ${error.message}`);
  }
  return result;
}
