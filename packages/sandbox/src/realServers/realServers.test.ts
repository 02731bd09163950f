import { spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { findPostgresBinDir } from './debianBinaries';
import { RealServer, RealServerUnavailableError } from './realServer';
import { startRealServersOrSkip } from './realServers';

function fakeServer(name: string, stopped: string[]): RealServer {
  return { name, port: 1, stop: () => stopped.push(name) };
}

describe('startRealServersOrSkip', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => warn.mockRestore());

  it('says why and asks to skip when a server cannot start, stopping the ones it started', () => {
    const stopped: string[] = [];
    const servers = startRealServersOrSkip(
      ['postgres', 'redis'],
      'the scale-out test',
      {
        postgres: () => fakeServer('PostgreSQL', stopped),
        redis: () => {
          throw new RealServerUnavailableError(
            'Redis',
            'redis-server not found',
          );
        },
      },
    );
    expect(servers.available).toBe(false);
    expect(servers.reason).toBe('Redis cannot start: redis-server not found');
    expect(servers.postgres).toBeUndefined();
    expect(stopped).toEqual(['PostgreSQL']);
    expect(warn).toHaveBeenCalledWith(
      'Skipping the scale-out test: Redis cannot start: redis-server not found',
    );
  });

  it('throws errors that are not about a missing server', () => {
    expect(() =>
      startRealServersOrSkip(['redis'], 'x', {
        postgres: () => fakeServer('PostgreSQL', []),
        redis: () => {
          throw new Error('bug');
        },
      }),
    ).toThrow('bug');
  });
});

// The real ones, as the scale-out test uses them; skipped where they cannot start.
const servers = startRealServersOrSkip(
  ['postgres', 'redis'],
  'the real PostgreSQL and Redis helpers',
);
const describeWithServers = servers.available ? describe : describe.skip;
afterAll(() => servers.stop());

describeWithServers('the real servers on loopback', () => {
  it('runs PostgreSQL accepting connections as postgres', () => {
    const r = spawnSync(
      path.join(findPostgresBinDir()!, 'pg_isready'),
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(servers.postgres!.port),
        '-U',
        'postgres',
      ],
      { encoding: 'utf8' },
    );
    expect(r.stdout).toContain('accepting connections');
  });

  it('runs Redis answering PING', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(servers.redis!.port, '127.0.0.1', () =>
        socket.write('PING\r\n'),
      );
      socket.once('data', d => {
        socket.destroy();
        resolve(d.toString());
      });
      socket.once('error', reject);
    });
    expect(reply).toBe('+PONG\r\n');
  });
});
