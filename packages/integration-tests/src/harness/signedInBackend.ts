import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import { urlReaderServiceFactory } from '@backstage/backend-defaults/urlReader';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { JsonObject } from '@backstage/types';
import permissionModuleEksPlatformPolicy from '@internal/backstage-plugin-permission-backend-module-eks-platform';
import {
  TEST_USER_HEADER,
  testUserSignInModule,
} from '@internal/backstage-plugin-permission-backend-module-eks-platform/testUtils';
import { AddressInfo } from 'node:net';
import { platformFeatures } from './platformFeatures';

/**
 * The golden path's backend (real catalog, scaffolder, stock GitHub and EKS
 * actions) with real identities and the portal's permission decisions: the
 * auth backend signs catalog users in (the test-user provider resolves them
 * against the catalog as GitHub sign-in does, so a token carries the user's
 * groups), tokens, user info and permission checks are the production
 * services, and the permission backend runs the portal's own policy
 * module. `config` must set `permission.enabled: true`. `extraFeatures`
 * join them (the status backend and the MCP actions backend, for agents).
 */
export async function startSignedInBackend(
  config: JsonObject,
  extraFeatures: Parameters<typeof startTestBackend>[0]['features'] = [],
) {
  const backend = await startTestBackend({
    features: [
      ...platformFeatures(),
      ...(extraFeatures ?? []),
      mockServices.rootConfig.factory({
        data: {
          ...config,
          // The auth backend needs the app's origin (for its pop-up flows).
          app: { baseUrl: 'http://127.0.0.1:3000' },
          auth: {
            environment: 'development',
            providers: { 'test-user': {} },
          },
        },
      }),
      authServiceFactory,
      httpAuthServiceFactory,
      userInfoServiceFactory,
      permissionsServiceFactory,
      permissionsRegistryServiceFactory,
      urlReaderServiceFactory,
      authPlugin,
      testUserSignInModule,
      permissionPlugin,
      permissionModuleEksPlatformPolicy,
    ],
  });
  const baseUrl = `http://127.0.0.1:${
    (backend.server.address() as AddressInfo).port
  }`;

  /**
   * Signs a catalog user in, as the app does after a provider's pop-up: the
   * `Authorization` header of the user's Backstage token and the ownership
   * it carries. Retries while the catalog has not ingested the user yet.
   */
  async function signIn(userName: string, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await fetch(`${baseUrl}/api/auth/test-user/refresh`, {
        headers: {
          'X-Requested-With': 'XMLHttpRequest',
          [TEST_USER_HEADER]: userName,
        },
      });
      if (res.ok) {
        const { token, identity } = (await res.json()).backstageIdentity;
        return {
          authorization: `Bearer ${token}`,
          ownershipEntityRefs: identity.ownershipEntityRefs as string[],
        };
      }
      if (Date.now() > deadline) {
        throw new Error(
          `sign-in of ${userName} failed: HTTP ${
            res.status
          } ${await res.text()}`,
        );
      }
      await new Promise(r => setTimeout(r, 250));
    }
  }

  return { baseUrl, signIn, stop: () => backend.stop() };
}
