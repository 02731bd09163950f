import { ConflictError, NotAllowedError } from '@backstage/errors';
import { assertMayAdopt, decideOwnership } from './decideOwnership';

const teamA = {
  entityRef: 'component:default/payments',
  ownerRef: 'group:default/team-a',
};
const member = { userEntityRef: 'user:default/alice', isPlatformAdmin: false };
const admin = { userEntityRef: 'user:default/root', isPlatformAdmin: true };
const resource = 'ECR repository "payments"';

describe('decideOwnership', () => {
  it('creates what does not exist', () => {
    expect(
      decideOwnership({
        resource,
        exists: false,
        requested: teamA,
        caller: member,
      }),
    ).toBe('create');
  });

  it('reconciles when the same service and owner ask again', () => {
    expect(
      decideOwnership({
        resource,
        exists: true,
        found: { ...teamA },
        requested: teamA,
        caller: member,
      }),
    ).toBe('reconcile');
  });

  it('refuses another team’s resource, naming it, its owner and what to do', () => {
    const attempt = () =>
      decideOwnership({
        resource,
        exists: true,
        found: teamA,
        requested: {
          entityRef: 'component:default/payments',
          ownerRef: 'group:default/team-b',
        },
        caller: { userEntityRef: 'user:default/bob', isPlatformAdmin: false },
      });
    expect(attempt).toThrow(ConflictError);
    expect(attempt).toThrow(
      'ECR repository "payments" belongs to component:default/payments (owner group:default/team-a), not to component:default/payments (owner group:default/team-b). If group:default/team-b now owns the service, ask group:default/team-a or a platform admin to hand the resource over; nothing was changed.',
    );
  });

  it('refuses a resource of another service of the same team', () => {
    expect(() =>
      decideOwnership({
        resource,
        exists: true,
        found: { ...teamA, entityRef: 'component:default/billing' },
        requested: teamA,
        caller: member,
      }),
    ).toThrow(/belongs to component:default\/billing .* Choose another name/);
  });

  it('refuses an unmarked resource and says a platform admin can adopt it', () => {
    expect(() =>
      decideOwnership({
        resource,
        exists: true,
        requested: teamA,
        caller: member,
      }),
    ).toThrow(
      new ConflictError(
        'ECR repository "payments" already exists and has no owner marker, so it may belong to another team; nothing was changed. Choose another name, or ask a platform admin (eksPlatform.platformAdmins) to adopt it for component:default/payments (owner group:default/team-a) with "adoptExisting: true".',
      ),
    );
  });

  it('lets a platform admin adopt an unmarked resource', () => {
    expect(
      decideOwnership({
        resource,
        exists: true,
        requested: teamA,
        adoptExisting: true,
        caller: admin,
      }),
    ).toBe('adopt');
  });

  it('does not let even an admin adopt a resource someone owns', () => {
    expect(() =>
      decideOwnership({
        resource,
        exists: true,
        found: { ...teamA, ownerRef: 'group:default/team-b' },
        requested: teamA,
        adoptExisting: true,
        caller: admin,
      }),
    ).toThrow(/only applies to resources without an owner marker/);
  });

  it('refuses adoptExisting from anyone else, whatever exists', () => {
    for (const exists of [true, false]) {
      expect(() =>
        decideOwnership({
          resource,
          exists,
          requested: teamA,
          adoptExisting: true,
          caller: member,
        }),
      ).toThrow(NotAllowedError);
    }
  });
});

describe('assertMayAdopt', () => {
  it('names the user and the config key', () => {
    expect(() => assertMayAdopt(member, true)).toThrow(
      'user:default/alice may not use "adoptExisting": only members of the groups in eksPlatform.platformAdmins may adopt an existing resource.',
    );
    expect(() => assertMayAdopt(member, false)).not.toThrow();
    expect(() => assertMayAdopt(member, undefined)).not.toThrow();
    expect(() => assertMayAdopt(admin, true)).not.toThrow();
  });
});
