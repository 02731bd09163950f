import {
  BackstageUserInfo,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DefaultCallerIdentityService } from './CallerIdentityService';

/** userInfo as the sign-in token's `ent` claim would answer it. */
function tokenClaims(ent: Record<string, string[]>): UserInfoService {
  return {
    async getUserInfo(credentials): Promise<BackstageUserInfo> {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return { userEntityRef: ref, ownershipEntityRefs: ent[ref] ?? [ref] };
    },
  };
}

const user = (name: string, groups: string[]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name },
  spec: { memberOf: groups },
  relations: groups.map(g => ({
    type: 'memberOf',
    targetRef: `group:default/${g}`,
  })),
});

describe('DefaultCallerIdentityService', () => {
  const service = (entities: Entity[], ent: Record<string, string[]> = {}) =>
    new DefaultCallerIdentityService({
      userInfo: tokenClaims(ent),
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      platformAdmins: ['group:default/platform'],
    });

  it('joins the token’s ownership refs and the catalog’s memberOf relations', async () => {
    const identity = await service([user('alice', ['team-b'])], {
      'user:default/alice': ['user:default/alice', 'group:default/team-a'],
    }).forCredentials(mockCredentials.user('user:default/alice'));
    expect(identity.ownershipEntityRefs).toEqual([
      'user:default/alice',
      'group:default/team-a',
      'group:default/team-b',
    ]);
    expect(identity.isMemberOf('group:default/team-b')).toBe(true);
    expect(identity.isPlatformAdmin).toBe(false);
  });

  it('makes members of eksPlatform.platformAdmins groups admins', async () => {
    const identity = await service([user('root', ['platform'])]).forCredentials(
      mockCredentials.user('user:default/root'),
    );
    expect(identity.isPlatformAdmin).toBe(true);
  });

  it('works for a user the catalog does not know (guest), from the token alone', async () => {
    const identity = await service([], {
      'user:development/guest': [
        'user:development/guest',
        'group:default/team-commerce',
      ],
    }).forCredentials(mockCredentials.user('user:development/guest'));
    expect(identity.isMemberOf('group:default/team-commerce')).toBe(true);
  });

  it('refuses credentials that are not a user’s', async () => {
    await expect(
      service([]).forCredentials(mockCredentials.service('plugin:catalog')),
    ).rejects.toThrow(NotAllowedError);
  });

  it('resolves a task’s initiator and refuses a task whose author differs', async () => {
    const ids = service([user('alice', ['team-a'])]);
    const task = (ref?: string) => ({
      user: ref ? { ref } : undefined,
      getInitiatorCredentials: async () =>
        mockCredentials.user('user:default/alice'),
    });
    expect(
      (await ids.forTask(task('user:default/Alice'))).isMemberOf('team-a'),
    ).toBe(true);
    expect((await ids.forTask(task())).userEntityRef).toBe(
      'user:default/alice',
    );
    await expect(ids.forTask(task('user:default/bob'))).rejects.toThrow(
      'The task names user:default/bob as its author but runs with the credentials of user:default/alice',
    );
  });
});
