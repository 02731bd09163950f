import { JsonObject } from '@backstage/types';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { AdoptionCall, adoptingActionModule } from './adoptingAction';
import { CatalogError, catalogErrorsModule } from './catalogErrors';
import { eventually } from './eventually';
import { startPortalTestBackend } from './portalTestBackend';
import { readRepoConfig, withAbsoluteFileLocations } from './repoConfig';
import { TeamRepository } from './teamRepository';

/** Users of the demo organisation (catalog/demo/org.yaml). */
export const MEMBER = 'dave'; // team-commerce
export const NON_MEMBER = 'alice'; // team-storefront
export const ADMIN = 'mallory'; // team-platform, the sandbox's admins
const GROUP_OF: Record<string, string> = {
  [MEMBER]: 'group:default/team-commerce',
  [NON_MEMBER]: 'group:default/team-storefront',
  [ADMIN]: 'group:default/team-platform',
};

/** The platform template whose step has the admin-only `adoptExisting` input. */
export const ADOPT_TEMPLATE_REF = 'template:default/adopt-existing-repository';
const ADOPT_TEMPLATE = path.join(
  __dirname,
  '../permissions/__fixtures__/adopt-template.yaml',
);

const FIXTURES = path.join(__dirname, '../permissions/__fixtures__');

/** A YAML file a team publishes in its repository (permissions/__fixtures__). */
export function teamFixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

type Backend = Awaited<ReturnType<typeof startPortalTestBackend>>;

/**
 * The portal's permission-relevant backend with the sandbox's own config
 * (app-config.yaml: catalog rules and locations, demo organisation, guest,
 * platform admins) plus a team repository on loopback that users register
 * locations from, and helpers to act as a signed-in user.
 */
export class SandboxPortal {
  readonly adoptions: AdoptionCall[] = [];
  readonly catalogErrors: CatalogError[] = [];
  private readonly tokens: Record<string, string> = {};
  private backend!: Backend;
  repo!: TeamRepository;

  get server() {
    return this.backend.server;
  }

  /** The `Authorization` header of a signed-in user. */
  as(user: string): string {
    return this.tokens[user];
  }

  signIn(userName: string, provider?: string) {
    return this.backend.signIn(userName, provider);
  }

  async start() {
    // The backend as `yarn start` runs the sandbox: the guest provider only
    // signs anyone in when NODE_ENV is development.
    process.env.NODE_ENV = 'development';
    this.repo = await TeamRepository.start();
    const sandbox = await readRepoConfig(['app-config.yaml']);
    const catalog = withAbsoluteFileLocations(sandbox.catalog as JsonObject);
    const auth = sandbox.auth as JsonObject;
    this.backend = await startPortalTestBackend({
      config: {
        app: sandbox.app,
        backend: { reading: { allow: [{ host: this.repo.host }] } },
        auth: {
          ...auth,
          providers: { ...(auth.providers as JsonObject), 'test-user': {} },
        },
        permission: sandbox.permission,
        catalog: {
          ...catalog,
          rules: [
            ...(catalog.rules as JsonObject[]),
            // Not in the portal's config: shows why platform locations are
            // listed by exact target (catalogIngestion.test.ts).
            {
              allow: ['Template'],
              locations: [
                {
                  type: 'url',
                  pattern: `http://${this.repo.host}/platform/**`,
                },
              ],
            },
          ],
          // One more platform template location, for the test template.
          locations: [
            ...(catalog.locations as JsonObject[]),
            {
              type: 'file',
              target: ADOPT_TEMPLATE,
              rules: [{ allow: ['Template'] }],
            },
          ],
        },
        eksPlatform: {
          platformAdmins: (sandbox.eksPlatform as JsonObject).platformAdmins,
        },
      },
      features: [
        adoptingActionModule(this.adoptions),
        catalogErrorsModule(this.catalogErrors),
      ],
    });
    // Each user signs in once the demo organisation is in the catalog, with
    // the ownership a real sign-in gives: the user and its team.
    for (const user of [MEMBER, NON_MEMBER, ADMIN]) {
      this.tokens[user] = await eventually(
        async () => {
          const { header, ownershipEntityRefs } = await this.signIn(user);
          const expected = [`user:default/${user}`, GROUP_OF[user]];
          if (ownershipEntityRefs.join() !== expected.join()) {
            throw new Error(`${user} signed in as ${ownershipEntityRefs}`);
          }
          return header;
        },
        { timeoutMs: 60_000 },
      );
    }
    await eventually(async () => {
      if ((await this.entity(ADMIN, ADOPT_TEMPLATE_REF)).status !== 200) {
        throw new Error(`${ADOPT_TEMPLATE_REF} not ingested yet`);
      }
    });
  }

  async stop() {
    await this.repo?.close();
  }

  /** Signs in through the guest provider, as the sandbox's app does. */
  async signInGuest() {
    const guest = await this.signIn('guest', 'guest');
    this.tokens.guest = guest.header;
    return guest;
  }

  entity(user: string, ref: string) {
    const [kind, rest] = ref.split(':');
    const [namespace, name] = rest.split('/');
    return request(this.server)
      .get(`/api/catalog/entities/by-name/${kind}/${namespace}/${name}`)
      .set('Authorization', this.as(user));
  }

  status(user: string, ref: string) {
    return request(this.server)
      .get(`/api/eks-platform/v1/status/${ref.replace(':', '/')}`)
      .set('Authorization', this.as(user));
  }

  register(user: string, target: string, dryRun = false) {
    return request(this.server)
      .post(`/api/catalog/locations${dryRun ? '?dryRun=true' : ''}`)
      .set('Authorization', this.as(user))
      .send({ type: 'url', target });
  }

  /** Registers a team's file and waits until its entities are in. */
  async registerAndWait(
    user: string,
    filePath: string,
    yaml: string,
    ref: string,
  ) {
    const res = await this.register(user, this.repo.put(filePath, yaml));
    assert.equal(res.status, 201, `registering ${filePath}: ${res.text}`);
    await eventually(async () => {
      assert.equal((await this.entity(ADMIN, ref)).status, 200, ref);
    });
    return res.body.location.id as string;
  }

  /**
   * Registers `target`, waits until the catalog has processed it (and
   * reported why it refused it) and checks that `ref` did not get in.
   */
  async expectRefusedAtIngestion(user: string, target: string, ref: string) {
    const res = await this.register(user, target);
    assert.equal(res.status, 201, `registering ${target}: ${res.text}`);
    const refusal = `${ref} at url:${target}, originated at url:${target}, is not of an allowed kind for that location`;
    await eventually(async () => {
      assert.ok(
        this.catalogErrors.some(e => e.messages.some(m => m.includes(refusal))),
        `no catalog error "${refusal}"`,
      );
    });
    assert.equal((await this.entity(ADMIN, ref)).status, 404, ref);
  }

  /** The permission backend's decision for `user`, as the frontend asks it. */
  async authorize(user: string, permission: JsonObject, resourceRef?: string) {
    const res = await request(this.server)
      .post('/api/permission/authorize')
      .set('Authorization', this.as(user))
      .send({ items: [{ id: '1', permission, resourceRef }] });
    assert.equal(res.status, 200, res.text);
    return res.body.items[0].result as string;
  }

  /** Runs the adopt template as `user`; its end status and log. */
  async runTask(user: string, values: JsonObject) {
    const created = await request(this.server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', this.as(user))
      .send({ templateRef: ADOPT_TEMPLATE_REF, values });
    assert.equal(created.status, 201, created.text);
    const taskId: string = created.body.id;
    const status = await eventually(async () => {
      const res = await request(this.server)
        .get(`/api/scaffolder/v2/tasks/${taskId}`)
        .set('Authorization', this.as(user));
      assert.ok(
        ['completed', 'failed'].includes(res.body.status),
        `task ${taskId} is ${res.body.status}`,
      );
      return res.body.status as string;
    });
    const events = await request(this.server)
      .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
      .set('Authorization', this.as(user));
    const log = (events.body as Array<{ body: { message?: string } }>)
      .map(e => e.body.message ?? '')
      .join('\n');
    return { taskId, status, log };
  }
}

/**
 * A {@link SandboxPortal} started before the file's tests and stopped after
 * them, with NODE_ENV restored.
 */
export function useSandboxPortal(): SandboxPortal {
  const portal = new SandboxPortal();
  const nodeEnv = process.env.NODE_ENV;
  beforeAll(() => portal.start(), 90_000);
  afterAll(async () => {
    process.env.NODE_ENV = nodeEnv;
    await portal.stop();
  });
  return portal;
}
