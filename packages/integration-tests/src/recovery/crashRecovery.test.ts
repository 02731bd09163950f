import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AddressInfo, createServer } from 'node:net';
import { Sandbox, startSandbox } from '@internal/eks-platform-sandbox';
import { goldenPathValues, platformConfig } from '../harness/platformConfig';
import { ScaffolderClient, waitForEntity } from '../harness/scaffolderClient';
import { upstreamInventory } from '../harness/inventory';
import { BackendProcess } from '../harness/backendProcess';

/*
 * Issue 5: with scaffolder.taskRecovery enabled, killing the backend in the
 * middle of a golden-path task and starting it again resumes the task
 * (strategy startOver, checkpoints replayed from the database) and creates
 * nothing twice.
 */
jest.setTimeout(420_000);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A user token, as the portal gets one when the guest signs in. */
async function guestToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok) {
    throw new Error(`guest sign-in failed: HTTP ${res.status} ${await res.text()}`);
  }
  return (await res.json()).backstageIdentity.token;
}

describe('golden path task recovery after a backend crash', () => {
  let sandbox: Sandbox;
  let dir: string;
  let backend: BackendProcess;
  let auth: string;

  beforeAll(async () => {
    sandbox = await startSandbox({
      ports: 'random',
      prometheus: false,
      control: false,
      clusters: ['dev'],
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eks-recovery-'));
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const configFile = BackendProcess.writeConfig(dir, {
      ...platformConfig(sandbox),
      app: { baseUrl },
      backend: {
        baseUrl,
        listen: { host: '127.0.0.1', port },
        // Tasks, their events and checkpoints must outlive the process.
        database: {
          client: 'better-sqlite3',
          connection: { directory: path.join(dir, 'db') },
        },
      },
      // The guest signs in as a member of the team that owns the service.
      auth: {
        environment: 'development',
        providers: {
          guest: {
            ownershipEntityRefs: [
              'user:development/guest',
              'group:default/team-commerce',
            ],
          },
        },
      },
      scaffolder: {
        ...platformConfig(sandbox).scaffolder,
        taskRecovery: { enabled: true, staleTimeout: { seconds: 3 } },
      },
    });
    backend = new BackendProcess(
      [configFile],
      baseUrl,
      path.join(__dirname, 'recoveryBackend.ts'),
    );
    await backend.start();
    auth = `Bearer ${await guestToken(baseUrl)}`;
  });

  afterAll(async () => {
    await backend?.stop();
    await sandbox?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('resumes the task after a kill and leaves one of everything', async () => {
    const scaffolder = new ScaffolderClient(backend.baseUrl, auth);
    await waitForEntity(
      backend.baseUrl,
      auth,
      'template:default/eks-service',
      60_000,
    );
    const taskId = await scaffolder.createTask(
      'template:default/eks-service',
      goldenPathValues(sandbox, 'orders-api'),
    );

    // Crash once the repository is published and the ECR repository exists:
    // the worst moment, with side effects behind and ahead.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const events = await scaffolder.events(taskId);
      const publishDone = events.some(
        e =>
          e.type === 'log' &&
          e.body?.stepId === 'publish' &&
          e.body?.status === 'completed',
      );
      if (publishDone) break;
      if (events.some(e => e.type === 'completion')) {
        throw new Error(
          `task ended before the crash point:\n${(
            await scaffolder.log(taskId)
          ).join('\n')}`,
        );
      }
      if (Date.now() > deadline)
        throw new Error(`publish step never completed:\n${backend.logs()}`);
      await new Promise(r => setTimeout(r, 100));
    }
    const beforeCrash = upstreamInventory(sandbox, 'orders-api');
    expect(beforeCrash.githubRepos).toBe(1);
    await backend.kill();

    await backend.start();
    const result = await scaffolder.waitForTask(taskId, 240_000);
    const events = await scaffolder.events(taskId);
    expect(events.some(e => e.type === 'recovered')).toBe(true);
    expect({
      status: result.status,
      log: result.status === 'completed' ? [] : result.log,
    }).toEqual({
      status: 'completed',
      log: [],
    });
    expect(upstreamInventory(sandbox, 'orders-api')).toMatchObject({
      githubRepos: 1,
      ecrRepositories: 1,
      vaultPolicies: 1,
      vaultKubernetesRoles: 1,
      gitopsOpenPullRequests: 1,
    });
    await waitForEntity(
      backend.baseUrl,
      auth,
      'component:default/orders-api',
      60_000,
    );
  });
});
