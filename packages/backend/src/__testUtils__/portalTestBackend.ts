import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import { urlReaderServiceFactory } from '@backstage/backend-defaults/urlReader';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import { BackendFeature } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import guestProviderModule from '@backstage/plugin-auth-backend-module-guest-provider';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { JsonObject } from '@backstage/types';
import eksPlatformStatusPlugin from '@internal/backstage-plugin-eks-platform-backend';
import request from 'supertest';
import permissionModuleEksPlatformPolicy from '@internal/backstage-plugin-permission-backend-module-eks-platform';
import {
  TEST_USER_HEADER,
  testUserSignInModule,
} from '@internal/backstage-plugin-permission-backend-module-eks-platform/testUtils';

/**
 * The portal's plugins that take part in permission decisions, as
 * packages/backend wires them: the real permission backend with the
 * portal's policy module, the catalog (with the Template kind), the
 * scaffolder, the EKS status backend and the auth backend with the guest
 * provider. Tokens, permission checks, permission registries and URL
 * reading are the production services, not mocks: plugin-to-plugin calls
 * on a user's behalf carry the calling plugin as actor, which the
 * permission backend requires before it answers with conditions.
 *
 * Users sign in through `signIn(name)` (the test-user provider, resolved
 * against the catalog like GitHub sign-in) or the guest provider.
 */
export async function startPortalTestBackend(options: {
  config: JsonObject;
  features?: BackendFeature[];
}) {
  const backend = await startTestBackend({
    features: [
      mockServices.rootConfig.factory({ data: options.config }),
      authServiceFactory,
      httpAuthServiceFactory,
      userInfoServiceFactory,
      permissionsServiceFactory,
      permissionsRegistryServiceFactory,
      urlReaderServiceFactory,
      authPlugin,
      guestProviderModule,
      testUserSignInModule,
      permissionPlugin,
      permissionModuleEksPlatformPolicy,
      catalogPlugin,
      catalogModuleTemplateKind,
      scaffolderPlugin,
      eksPlatformStatusPlugin,
      ...(options.features ?? []),
    ],
  });
  const { server } = backend;

  /** Signs a catalog user in through `provider` (default: the test-user provider). */
  async function signIn(userName: string, provider = 'test-user') {
    const res = await request(server)
      .get(`/api/auth/${provider}/refresh`)
      .set('X-Requested-With', 'XMLHttpRequest')
      .set(TEST_USER_HEADER, userName);
    if (res.status !== 200) {
      throw new Error(
        `sign-in of ${userName} failed: ${res.status} ${res.text}`,
      );
    }
    const { token, identity } = res.body.backstageIdentity;
    return {
      /** The `Authorization` header value of the user's Backstage token. */
      header: `Bearer ${token}`,
      ownershipEntityRefs: identity.ownershipEntityRefs as string[],
    };
  }

  return { ...backend, signIn };
}
