import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  Sandbox,
  freePort,
  startSandbox,
} from '@internal/eks-platform-sandbox';
import {
  SANDBOX_GUEST,
  goldenPathValues,
  platformConfig,
} from '../harness/platformConfig';
import { ScaffolderClient, waitForEntity } from '../harness/scaffolderClient';
import { upstreamInventory } from '../harness/inventory';
import { BackendProcess } from '../harness/backendProcess';

/*
 * Issue 5: with scaffolder.taskRecovery enabled, killing the backend in the
 * middle of a golden-path task and starting it again resumes the task
 * (strategy startOver, checkpoints replayed from the database) and creates
 * nothing twice. Issue 10: the task runs as the signed-in guest (a member
 * of team-commerce through its token's claims); the recovered task's steps
 * check that membership again with the initiator credentials the task
 * database kept.
 */
jest.setTimeout(420_000);

/** Signs in with the guest provider, as the app's "Enter" button does. */
async function signInAsGuest(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in: HTTP ${res.status}`);
  const body = await res.json();
  return body.backstageIdentity.token;
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
      // As app-config.yaml: the guest is a member of the golden path's owner.
      auth: {
        environment: 'development',
        providers: {
          guest: {
            userEntityRef: SANDBOX_GUEST.userEntityRef,
            ownershipEntityRefs: SANDBOX_GUEST.ownershipEntityRefs,
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
    auth = `Bearer ${await signInAsGuest(baseUrl)}`;
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
    // Written after the crash, for the guest's team: the recovered task
    // passed the membership check as the same user.
    expect(sandbox.vault.kubernetesRole('orders-api')).toMatchObject({
      alias_metadata: {
        'eks.platform/entity-ref': 'component:default/orders-api',
        'eks.platform/owner-ref': 'group:default/team-commerce',
      },
    });
    await waitForEntity(
      backend.baseUrl,
      auth,
      'component:default/orders-api',
      60_000,
    );
  });
});
