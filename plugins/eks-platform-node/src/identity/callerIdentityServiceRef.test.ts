import {
  BackstageUserInfo,
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import express from 'express';
import request from 'supertest';
import { callerIdentityServiceRef } from './callerIdentityServiceRef';

jest.setTimeout(60_000);

/** A plugin that answers who its caller is, through the real service wiring. */
const whoamiPlugin = createBackendPlugin({
  pluginId: 'whoami',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        callers: callerIdentityServiceRef,
      },
      async init({ httpRouter, httpAuth, callers }) {
        const router = express.Router();
        router.get('/', (req, res, next) => {
          httpAuth
            .credentials(req)
            .then(credentials => callers.forCredentials(credentials))
            .then(caller =>
              res.json({
                user: caller.userEntityRef,
                refs: caller.ownershipEntityRefs,
                admin: caller.isPlatformAdmin,
                inCheckout: caller.isMemberOf('group:default/checkout'),
              }),
            )
            .catch(next);
        });
        httpRouter.use(router);
      },
    });
  },
});

const ORG = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: checkout }
spec: { type: team, children: [], members: [alice] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: platform }
spec: { type: team, children: [], members: [root] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: alice }
spec: { memberOf: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: root }
spec: { memberOf: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: bob }
spec: { memberOf: [] }
`;

/* The sign-in token's claims: bob's token says he is in checkout too. */
const CLAIMS: Record<string, string[]> = {
  'user:default/bob': ['user:default/bob', 'group:default/checkout'],
};

describe('callerIdentityServiceRef', () => {
  const dir = createMockDirectory({ content: { 'org.yaml': ORG } });

  it('resolves members and admins with the real catalog and the userInfo service', async () => {
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        whoamiPlugin,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['User', 'Group'] }],
              locations: [{ type: 'file', target: dir.resolve('org.yaml') }],
            },
            eksPlatform: { platformAdmins: ['group:default/platform'] },
          },
        }),
        createServiceFactory({
          service: coreServices.userInfo,
          deps: {},
          factory: () => ({
            async getUserInfo(credentials): Promise<BackstageUserInfo> {
              const ref = (credentials.principal as any).userEntityRef;
              return {
                userEntityRef: ref,
                ownershipEntityRefs: CLAIMS[ref] ?? [ref],
              };
            },
          }),
        }),
      ],
    });
    const whoami = (ref: string) =>
      request(server)
        .get('/api/whoami')
        .set('Authorization', mockCredentials.user.header(ref));

    // The catalog processes the location and stitches memberOf in the background.
    const deadline = Date.now() + 30_000;
    let alice = await whoami('user:default/alice');
    while (!alice.body.inCheckout && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 250));
      alice = await whoami('user:default/alice');
    }
    expect(alice.body).toEqual({
      user: 'user:default/alice',
      refs: ['user:default/alice', 'group:default/checkout'],
      admin: false,
      inCheckout: true,
    });

    const root = await whoami('user:default/root');
    expect(root.body).toMatchObject({ admin: true, inCheckout: false });

    // Token claims count too, for users whose groups come from sign-in.
    expect((await whoami('user:default/bob')).body).toMatchObject({
      inCheckout: true,
      admin: false,
    });
    expect((await whoami('user:default/nobody')).body).toMatchObject({
      refs: ['user:default/nobody'],
      inCheckout: false,
    });

    // A service calling is no user: refused, with the reason.
    const service = await request(server)
      .get('/api/whoami')
      .set('Authorization', mockCredentials.service.header());
    expect(service.status).toBe(403);
    expect(service.body.error.message).toContain(
      'EKS platform actions act for a signed-in user',
    );
  });
});
