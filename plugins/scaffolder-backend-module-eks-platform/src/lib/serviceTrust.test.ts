import { mockCredentials } from '@backstage/backend-test-utils';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import {
  ALICE,
  BOB,
  CAROL,
  ROOT,
  TEAM_A,
  initiator,
  serviceEntity,
  testTrust,
  withPlatformTrust,
} from '../__testUtils__/trust';
import { resolveServiceTrust } from './serviceTrust';

describe('resolveServiceTrust', () => {
  const trust = testTrust(withPlatformTrust({}), [
    serviceEntity('payments', 'team-a'),
  ]);
  const resolve = (user: string, request: object) =>
    resolveServiceTrust(trust, initiator(user), {
      serviceName: 'payments',
      ...request,
    });

  it('takes the owner of a registered service from the catalog', async () => {
    const result = await resolve(ALICE, {});
    expect(result.requested).toEqual({
      entityRef: 'component:default/payments',
      ownerRef: TEAM_A,
    });
    expect(result.registered).toBe(true);
    expect(result.team.namespacesIn({} as any)).toEqual(['payments']);
  });

  it('takes the owner from the form for a new service', async () => {
    const result = await resolve(BOB, {
      serviceName: 'invoices',
      owner: 'team-b',
    });
    expect(result.requested).toEqual({
      entityRef: 'component:default/invoices',
      ownerRef: 'group:default/team-b',
    });
    expect(result.registered).toBe(false);
  });

  it('refuses another owner for a registered service, naming the owner', async () => {
    const error = await resolve(BOB, { owner: 'group:default/team-b' }).catch(
      e => e,
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(
      'component:default/payments is owned by group:default/team-a in the catalog, not by group:default/team-b; nothing was changed. Choose another service name, or ask group:default/team-a to run this. To hand the service to another team, change spec.owner in its catalog-info.yaml by a pull request: a run of the template never changes an owner.',
    );
  });

  it('refuses a user who is not a member of the owner', async () => {
    await expect(resolve(BOB, {})).rejects.toThrow(NotAllowedError);
    await expect(
      resolve(CAROL, { serviceName: 'new', owner: TEAM_A }),
    ).rejects.toThrow(
      'user:default/carol is not a member of group:default/team-a, which owns component:default/new',
    );
  });

  it('lets a platform admin through only to adopt', async () => {
    await expect(resolve(ROOT, {})).rejects.toThrow(NotAllowedError);
    const result = await resolve(ROOT, { adoptExisting: true });
    expect(result.adoptExisting).toBe(true);
    expect(result.caller.isPlatformAdmin).toBe(true);
  });

  it('refuses adoptExisting from anyone else', async () => {
    await expect(resolve(ALICE, { adoptExisting: true })).rejects.toThrow(
      'user:default/alice may not use "adoptExisting"',
    );
  });

  it.each([
    [{ entityRef: 'component:default/other' }, /entityRef/],
    [{ entityRef: 'api:default/payments' }, /entityRef/],
    [{ entityRef: 'component:default/payments\n# x' }, /entityRef/],
    [{ serviceName: 'new', owner: 'user:default/alice' }, /not a group/],
    [{ serviceName: 'new' }, /Missing input "owner"/],
  ])('refuses malformed input %j', async (request, message) => {
    const error = await resolve(ALICE, request).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(message);
  });

  it('refuses service credentials (no user to check)', async () => {
    await expect(
      resolveServiceTrust(
        trust,
        {
          getInitiatorCredentials: async () =>
            mockCredentials.service('plugin:scaffolder'),
        },
        { serviceName: 'payments' },
      ),
    ).rejects.toThrow(NotAllowedError);
  });
});
