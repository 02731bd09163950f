import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import { JsonObject } from '@backstage/types';
import request from 'supertest';
import { readRepoConfig } from '../__testUtils__/repoConfig';
import { authProviderModules } from './authProviderModules';

/** What a deployment puts into the production config's `${VARS}`. */
const PRODUCTION_ENV: Record<string, string> = new Proxy(
  {
    APP_BASE_URL: 'https://portal.example.com',
    BACKEND_BASE_URL: 'https://portal.example.com',
    AUTH_GITHUB_CLIENT_ID: 'Iv1.portal-client-id',
    AUTH_GITHUB_CLIENT_SECRET: 'github-client-secret-value',
  },
  // Every other variable (database, clusters, upstreams) gets a placeholder:
  // only the auth plugin starts here.
  {
    get: (vars, name: string) => vars[name as keyof typeof vars] ?? `x-${name}`,
  },
);

/**
 * The auth backend plugin as packages/backend installs it, in a process
 * whose NODE_ENV is `nodeEnv` from start to end (the guest provider reads it
 * both when it starts and at each sign-in).
 */
async function withAuthBackend(
  nodeEnv: string,
  configFiles: string[],
  test: (server: Parameters<typeof request>[0]) => Promise<void>,
) {
  const saved = process.env.NODE_ENV;
  process.env.NODE_ENV = nodeEnv;
  try {
    const config = await readRepoConfig(configFiles, PRODUCTION_ENV);
    // The auth plugin keeps its signing keys in the database: an in-memory
    // SQLite here instead of the production config's PostgreSQL.
    const backendConfig = config.backend as JsonObject;
    backendConfig.database = {
      client: 'better-sqlite3',
      connection: ':memory:',
    };
    delete backendConfig.cache;
    const backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({ data: config }),
        authPlugin,
        ...authProviderModules(),
      ],
    });
    try {
      await test(backend.server);
    } finally {
      await backend.stop();
    }
  } finally {
    process.env.NODE_ENV = saved;
  }
}

const guestSignIn = (server: Parameters<typeof request>[0]) =>
  request(server)
    .get('/api/auth/guest/refresh')
    .set('X-Requested-With', 'XMLHttpRequest');

describe('sign-in providers', () => {
  it('the production backend (NODE_ENV=production, production config) offers GitHub and no guest', async () => {
    await withAuthBackend(
      'production',
      ['app-config.yaml', 'app-config.production.yaml'],
      async server => {
        const start = await request(server).get(
          '/api/auth/github/start?env=production',
        );
        expect(start.status).toBe(302);
        const redirect = new URL(start.headers.location);
        expect(`${redirect.origin}${redirect.pathname}`).toBe(
          'https://github.com/login/oauth/authorize',
        );
        expect(redirect.searchParams.get('client_id')).toBe(
          'Iv1.portal-client-id',
        );
        expect(start.headers.location).not.toContain('github-client-secret');

        // app-config.yaml's `auth.providers.guest` is still in the merged
        // config; the provider is simply not installed.
        const guest = await guestSignIn(server);
        expect(guest.status).toBe(404);
        expect(guest.body.error.message).not.toMatch(/token/i);
      },
    );
  });

  it('the sandbox backend (NODE_ENV=development, app-config.yaml) offers guest and no GitHub', async () => {
    await withAuthBackend('development', ['app-config.yaml'], async server => {
      const guest = await guestSignIn(server);
      expect(guest.status).toBe(200);
      expect(guest.body.backstageIdentity.identity.userEntityRef).toBe(
        'user:default/guest',
      );
      const github = await request(server).get(
        '/api/auth/github/start?env=development',
      );
      expect(github.status).toBe(404);
      expect(github.body.error.message).toBe(
        "No auth provider registered for 'github'",
      );
    });
  });
});
