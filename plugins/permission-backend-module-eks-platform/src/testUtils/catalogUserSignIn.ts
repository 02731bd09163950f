import { createBackendModule } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/** The header naming the catalog user a test signs in as. */
export const TEST_USER_HEADER = 'x-test-user';

/**
 * A sign-in provider for tests (`auth.providers.test-user`): the user named
 * in a header, resolved like GitHub sign-in resolves a user in production
 * (`signInWithCatalogUser`), so the issued token carries the ownership the
 * catalog gives that user (its groups). Anyone may claim any user with it:
 * it belongs in test backends only (the portal's tests and the takeover
 * suite), never in packages/backend/src/index.ts.
 */
export const testUserSignInModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'test-user-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'test-user',
          factory: createProxyAuthProviderFactory({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async () => ({ profile: {} }),
              initialize: () => undefined,
              async authenticate({ req }) {
                const name = req.header(TEST_USER_HEADER);
                if (!name) throw new InputError(`${TEST_USER_HEADER} missing`);
                return { result: { name } };
              },
            }),
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({
                entityRef: stringifyEntityRef({
                  kind: 'user',
                  name: result.name,
                }),
              }),
          }),
        });
      },
    });
  },
});
