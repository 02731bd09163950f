import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '../__testUtils__/repoConfig';
import { eventually } from '../__testUtils__/eventually';
import {
  ADMIN,
  MEMBER,
  NON_MEMBER,
  SandboxPortal,
  teamFixture,
  useSandboxPortal,
} from '../__testUtils__/sandboxPortal';

/*
 * What the sandbox's catalog admits (app-config.yaml's catalog rules), tried
 * by registering team repositories through the catalog API as users of the
 * demo organisation, and what the sandbox's guest may do. Real permission,
 * auth, catalog, scaffolder and status backends.
 */

const commerceComponents = teamFixture('commerce-catalog-info.yaml');

const rogueTemplate = teamFixture('team-template.yaml');

const selfPromotion = teamFixture('team-user.yaml');

// Ingestion and tasks run in the background; a step may take seconds.
jest.setTimeout(60_000);

const portal = useSandboxPortal();

describe('catalog ingestion', () => {
  it('lets a team register the locations of its own components', async () => {
    const res = await portal.register(
      MEMBER,
      portal.repo.put('/commerce/catalog-info.yaml', commerceComponents),
    );
    expect(res.status).toBe(201);
    await eventually(async () => {
      expect(
        (await portal.entity(MEMBER, 'component:default/basket-api')).status,
      ).toBe(200);
    });
  });
  it('refuses a Template from a team repository, even when an admin registers it', async () => {
    const target = portal.repo.put('/commerce/template.yaml', rogueTemplate);
    const dryRun = await portal.register(MEMBER, target, true);
    expect(dryRun.status).toBe(400);
    expect(JSON.stringify(dryRun.body)).toMatch(
      /template:default\/rogue-template at url:[^ ]+, originated at url:[^ ]+, is not of an allowed kind for that location/,
    );
    // Registered for real, the location is stored but its Template never
    // reaches the catalog; neither does it when an admin registers it.
    for (const [user, url] of [
      [MEMBER, target],
      [ADMIN, portal.repo.put('/platform-fork/template.yaml', rogueTemplate)],
    ]) {
      await portal.expectRefusedAtIngestion(
        user,
        url,
        'template:default/rogue-template',
      );
    }
  });
  it('refuses a User from a team repository, so nobody makes themself an admin', async () => {
    const target = portal.repo.put('/commerce/users.yaml', selfPromotion);
    const dryRun = await portal.register(MEMBER, target, true);
    expect(dryRun.status).toBe(400);
    expect(JSON.stringify(dryRun.body)).toContain('is not of an allowed kind');
    await portal.expectRefusedAtIngestion(MEMBER, target, 'user:default/eve');
    // Without a catalog User, eve cannot even sign in.
    await expect(portal.signIn('eve')).rejects.toThrow(
      /sign-in of eve failed: 404/,
    );
  });
  it('would let a team through a pattern rule with encoded dot segments, so platform locations are exact targets', async () => {
    // The rule matches the registered URL as text; the URL reader then
    // normalises %2e%2e to .. and reads the team's file.
    const sneaky = rogueTemplate.replace('rogue-template', 'sneaky-template');
    portal.repo.put('/commerce/sneaky.yaml', sneaky);
    const target = `http://${portal.repo.host}/platform/%2e%2e/commerce/sneaky.yaml`;
    expect((await portal.register(MEMBER, target)).status).toBe(201);
    await eventually(async () => {
      expect(
        (await portal.entity(ADMIN, 'template:default/sneaky-template')).status,
      ).toBe(200);
    });
  });
  it('admits the configured platform template locations', async () => {
    expect(
      (await portal.entity(MEMBER, 'template:default/eks-service')).status,
    ).toBe(200);
    expect(
      (await portal.entity(MEMBER, 'template:default/upgrade-services')).status,
    ).toBe(200);
    expect(
      (
        await portal.entity(
          NON_MEMBER,
          'template:default/adopt-existing-repository',
        )
      ).status,
    ).toBe(200);
  });
});

describe('the sandbox guest', () => {
  /** Every Component of the demo: the files the sandbox catalog loads. */
  function demoComponentRefs() {
    const files = [
      'catalog-info.yaml',
      ...fs
        .readdirSync(path.join(REPO_ROOT, 'catalog/demo'))
        // docs/ holds the demo services' TechDocs, not entities.
        .filter(f => f.endsWith('.yaml'))
        .map(f => `catalog/demo/${f}`),
    ];
    return files.flatMap(file =>
      parseAllDocuments(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'))
        .map(doc => doc.toJS())
        .filter(e => e?.kind === 'Component')
        .map(e => `component:default/${e.metadata.name}`),
    );
  }
  let guest: Awaited<ReturnType<SandboxPortal['signInGuest']>>;
  beforeAll(async () => {
    guest = await portal.signInGuest();
  });
  it('signs in as user:default/guest of the demo, a member of team-commerce', () => {
    expect(guest.ownershipEntityRefs).toEqual([
      'user:default/guest',
      'group:default/team-commerce',
    ]);
  });
  it('reads the whole demo catalog and its platform status', async () => {
    const refs = demoComponentRefs();
    expect(refs.length).toBeGreaterThanOrEqual(24);
    const res = await request(portal.server)
      .post('/api/catalog/entities/by-refs')
      .set('Authorization', guest.header)
      .send({ entityRefs: refs });
    expect(res.status).toBe(200);
    expect(refs.filter((_, i) => res.body.items[i] === null)).toEqual([]);
    for (const ref of [
      'component:default/order-service',
      'component:default/frontend-ui',
    ]) {
      expect((await portal.status('guest', ref)).status).toBe(200);
    }
  });
  it("refreshes team-commerce's entities, not other teams'", async () => {
    const refresh = (entityRef: string) =>
      request(portal.server)
        .post('/api/catalog/refresh')
        .set('Authorization', guest.header)
        .send({ entityRef });
    expect((await refresh('component:default/order-service')).status).toBe(200);
    expect((await refresh('component:default/frontend-ui')).status).toBe(403);
  });
  it('runs templates but adopts nothing and is no admin', async () => {
    expect(
      (await portal.runTask('guest', { repositoryName: 'orders' })).status,
    ).toBe('completed');
    const adopt = await portal.runTask('guest', {
      repositoryName: 'orders',
      adoptExisting: true,
    });
    expect(adopt.status).toBe('failed');
    expect(adopt.log).toContain('Unauthorized action: eks:test:adopt');
    expect(
      await portal.authorize('guest', {
        type: 'basic',
        name: 'scaffolder.template.dry-run',
        attributes: {},
      }),
    ).toBe('DENY');
  });
});
