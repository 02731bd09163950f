import { type VaultSimulator, startVaultSimulator } from './server';

const ROOT = 'sandbox-vault-root-token';

function serviceAccountJwt(name: string, namespace: string): string {
  const encode = (value: unknown) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  return [
    encode({ alg: 'RS256', kid: 'sandbox' }),
    encode({
      iss: 'https://kubernetes.default.svc.cluster.local',
      sub: `system:serviceaccount:${namespace}:${name}`,
      'kubernetes.io': { namespace, serviceaccount: { name, uid: 'f3a1c2d4' } },
    }),
    'c2lnbmF0dXJl',
  ].join('.');
}

describe('Vault simulator', () => {
  let vault: VaultSimulator;
  const call = (
    method: string,
    path: string,
    options: { body?: unknown; token?: string | null; namespace?: string } = {},
  ) =>
    fetch(`${vault.url}/v1/${path}`, {
      method,
      headers: {
        ...(options.token === null
          ? {}
          : { 'X-Vault-Token': options.token ?? ROOT }),
        ...(options.namespace
          ? { 'X-Vault-Namespace': options.namespace }
          : {}),
        ...(options.body === undefined
          ? {}
          : { 'Content-Type': 'application/json' }),
      },
      body:
        options.body === undefined ? undefined : JSON.stringify(options.body),
    });

  beforeEach(async () => {
    vault = await startVaultSimulator();
  });
  afterEach(() => vault.close());

  it('serves sys/health without a token', async () => {
    const response = await call('GET', 'sys/health', { token: null });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      initialized: true,
      sealed: false,
      standby: false,
    });
  });

  it('reports a Vault version that stores alias_metadata (1.21 or newer)', async () => {
    const health = await (
      await call('GET', 'sys/health', { token: null })
    ).json();
    const [major, minor] = String(health.version).split('.').map(Number);
    expect(major * 1000 + minor).toBeGreaterThanOrEqual(1021);
  });

  it('records every write request, not reads or logins, whatever the outcome', async () => {
    await call('GET', 'sys/policies/acl/default');
    await call('POST', 'auth/approle/login', {
      token: null,
      body: {
        role_id: 'sandbox-backstage-role-id',
        secret_id: 'sandbox-backstage-secret-id',
      },
    });
    expect(vault.writeRequests).toEqual([]);

    await call('PUT', 'sys/policies/acl/app', { body: { policy: '' } });
    await call('POST', 'secret/metadata/app/config', {
      namespace: 'admin',
      body: { custom_metadata: { a: 'b' } },
    });
    // Refused by the ACL: still a write request Vault received.
    await call('DELETE', 'auth/kubernetes/role/app', { token: 'hvs.nobody' });
    await call('LIST', 'secret/metadata');
    expect(vault.writeRequests).toEqual([
      'PUT sys/policies/acl/app',
      'POST admin/secret/metadata/app/config',
      'DELETE auth/kubernetes/role/app',
    ]);
  });

  it('answers 403 permission denied for missing and unknown tokens', async () => {
    for (const token of [null, 'hvs.not-a-token']) {
      const response = await call('GET', 'secret/data/x', { token });
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ errors: ['permission denied'] });
    }
  });

  it('looks up the calling token', async () => {
    const response = await call('GET', 'auth/token/lookup-self');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.data).toMatchObject({
      id: ROOT,
      policies: ['root'],
      ttl: 0,
      path: 'auth/token/root',
    });
    expect(body).toMatchObject({
      lease_id: '',
      renewable: false,
      wrap_info: null,
      auth: null,
    });
  });

  it('writes KV v2 secrets with check-and-set and reads them back', async () => {
    const first = await call('POST', 'secret/data/payments/db', {
      body: { data: { password: 's3cret' }, options: { cas: 0 } },
    });
    expect(first.status).toBe(200);
    expect((await first.json()).data).toMatchObject({
      version: 1,
      destroyed: false,
      deletion_time: '',
    });

    const second = await call('POST', 'secret/data/payments/db', {
      body: { data: { password: 'other' }, options: { cas: 0 } },
    });
    expect(second.status).toBe(400);
    expect(await second.json()).toEqual({
      errors: ['check-and-set parameter did not match the current version'],
    });

    const update = await call('PUT', 'secret/data/payments/db', {
      body: { data: { password: 'rotated' }, options: { cas: 1 } },
    });
    expect(update.status).toBe(200);
    const read = await (await call('GET', 'secret/data/payments/db')).json();
    expect(read.data.data).toEqual({ password: 'rotated' });
    expect(read.data.metadata.version).toBe(2);
    const old = await (
      await call('GET', 'secret/data/payments/db?version=1')
    ).json();
    expect(old.data.data).toEqual({ password: 's3cret' });

    const metadata = await (
      await call('GET', 'secret/metadata/payments/db')
    ).json();
    expect(metadata.data).toMatchObject({
      current_version: 2,
      oldest_version: 1,
      cas_required: false,
    });
    expect(Object.keys(metadata.data.versions)).toEqual(['1', '2']);

    const missing = await call('GET', 'secret/data/payments/none');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ errors: [] });
    expect((await call('GET', 'secret/metadata/payments/none')).status).toBe(
      404,
    );
    expect(
      (await call('POST', 'secret/data/x', { body: { options: {} } })).status,
    ).toBe(400);
  });

  it('lists KV metadata with the LIST method and with ?list=true', async () => {
    await call('POST', 'secret/data/payments/db', { body: { data: { a: 1 } } });
    await call('POST', 'secret/data/payments/api/key', {
      body: { data: { a: 1 } },
    });
    const viaList = await call('LIST', 'secret/metadata/payments');
    expect(viaList.status).toBe(200);
    expect((await viaList.json()).data.keys).toEqual(['api/', 'db']);
    const viaGet = await call('GET', 'secret/metadata/payments/?list=true');
    expect((await viaGet.json()).data.keys).toEqual(['api/', 'db']);
    const empty = await call('LIST', 'secret/metadata/nothing');
    expect(empty.status).toBe(404);
    expect(await empty.json()).toEqual({ errors: [] });
    // A normal request on a fresh connection still works after LIST closed its connection.
    expect((await call('GET', 'sys/health', { token: null })).status).toBe(200);
  });

  it('soft-deletes the latest version, answering 404 with the version metadata', async () => {
    await call('POST', 'secret/data/app', { body: { data: { a: 1 } } });
    expect((await call('DELETE', 'secret/data/app')).status).toBe(204);
    const deleted = await call('GET', 'secret/data/app');
    expect(deleted.status).toBe(404);
    expect((await deleted.json()).data.metadata.deletion_time).not.toBe('');
  });

  it('patches KV v2 secrets with JSON merge patch', async () => {
    await call('POST', 'secret/data/svc', {
      body: { data: { a: '1', b: '2' } },
    });
    const patch = (
      body: unknown,
      contentType = 'application/merge-patch+json',
    ) =>
      fetch(`${vault.url}/v1/secret/data/svc`, {
        method: 'PATCH',
        headers: { 'X-Vault-Token': ROOT, 'Content-Type': contentType },
        body: JSON.stringify(body),
      });
    expect((await patch({ data: { b: null, c: '3' } })).status).toBe(200);
    expect(vault.secret('svc')).toEqual({ a: '1', c: '3' });
    expect((await patch({ data: {} }, 'application/json')).status).toBe(415);
  });

  it('enables more KV v2 mounts and auth methods through sys/mounts and sys/auth', async () => {
    expect(
      (
        await call('POST', 'sys/mounts/team-kv', {
          body: { type: 'kv', options: { version: '2' } },
        })
      ).status,
    ).toBe(204);
    expect(
      (await call('POST', 'sys/mounts/team-kv', { body: { type: 'kv-v2' } }))
        .status,
    ).toBe(400);
    expect(
      (await call('POST', 'team-kv/data/app', { body: { data: { x: 1 } } }))
        .status,
    ).toBe(200);
    expect(vault.secret('app', { mount: 'team-kv' })).toEqual({ x: 1 });
    const mounts = await (await call('GET', 'sys/mounts')).json();
    expect(mounts.data['team-kv/']).toMatchObject({
      type: 'kv',
      options: { version: '2' },
    });

    expect(
      (
        await call('POST', 'sys/auth/k8s-prod', {
          body: { type: 'kubernetes' },
        })
      ).status,
    ).toBe(204);
    await call('POST', 'auth/k8s-prod/role/app', {
      body: {
        bound_service_account_names: 'app',
        bound_service_account_namespaces: 'apps',
      },
    });
    expect(vault.kubernetesRole('app', { mount: 'k8s-prod' })).toMatchObject({
      bound_service_account_names: ['app'],
    });
    expect(vault.kubernetesRole('app')).toBeUndefined();
    expect((await call('GET', 'nothing-here/x')).status).toBe(404);
  });

  it('manages ACL policies and rejects HCL that does not parse', async () => {
    const policy =
      'path "secret/data/payments/*" {\n  capabilities = ["read"]\n}\n';
    expect(
      (await call('PUT', 'sys/policies/acl/Payments', { body: { policy } }))
        .status,
    ).toBe(204);
    const read = await (await call('GET', 'sys/policies/acl/payments')).json();
    expect(read.data).toEqual({ name: 'payments', policy });
    expect(vault.policies().payments).toBe(policy);

    const bad = await call('PUT', 'sys/policies/acl/broken', {
      body: { policy: 'path "x" { capabilities = ["fly"] }' },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      errors: ['failed to parse policy: path "x": invalid capability "fly"'],
    });
    expect(
      (await call('PUT', 'sys/policies/acl/empty', { body: {} })).status,
    ).toBe(400);
    expect(
      (await call('PUT', 'sys/policies/acl/root', { body: { policy } })).status,
    ).toBe(400);

    const list = await (await call('LIST', 'sys/policies/acl')).json();
    expect(list.data.keys).toEqual([
      'backstage-registrar',
      'default',
      'payments',
    ]);
    expect((await call('DELETE', 'sys/policies/acl/payments')).status).toBe(
      204,
    );
    expect((await call('GET', 'sys/policies/acl/payments')).status).toBe(404);
  });

  it('logs in with AppRole and enforces the role policies', async () => {
    const login = await call('POST', 'auth/approle/login', {
      token: null,
      body: {
        role_id: 'sandbox-backstage-role-id',
        secret_id: 'sandbox-backstage-secret-id',
      },
    });
    expect(login.status).toBe(200);
    const { auth } = await login.json();
    expect(auth.policies).toEqual(['backstage-registrar', 'default']);
    expect(auth.token_policies).toEqual(['backstage-registrar']);
    expect(auth.metadata).toEqual({ role_name: 'backstage' });
    const token = auth.client_token as string;

    // Registrar may create secrets and policies but never read secret values.
    expect(
      (
        await call('POST', 'secret/data/svc/config', {
          token,
          body: { data: { a: 1 }, options: { cas: 0 } },
        })
      ).status,
    ).toBe(200);
    expect(
      (await call('GET', 'secret/data/svc/config', { token })).status,
    ).toBe(403);
    expect(
      (await call('GET', 'secret/metadata/svc/config', { token })).status,
    ).toBe(200);
    const listed = await call('LIST', 'secret/metadata/svc', { token });
    expect((await listed.json()).data.keys).toEqual(['config']);
    expect(
      (
        await call('PUT', 'sys/policies/acl/svc', {
          token,
          body: { policy: 'path "a" { capabilities = ["read"] }' },
        })
      ).status,
    ).toBe(204);
    expect(
      (await call('DELETE', 'sys/policies/acl/svc', { token })).status,
    ).toBe(403);
    expect(
      (await call('GET', 'auth/token/lookup-self', { token })).status,
    ).toBe(200);

    const wrong = await call('POST', 'auth/approle/login', {
      token: null,
      body: { role_id: 'sandbox-backstage-role-id', secret_id: 'wrong' },
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({
      errors: ['invalid role or secret ID'],
    });
  });

  it('creates AppRole roles and secret ids through the API', async () => {
    await call('POST', 'auth/approle/role/ci', {
      body: { token_policies: 'default,ci', token_ttl: '1h' },
    });
    const { data: roleId } = await (
      await call('GET', 'auth/approle/role/ci/role-id')
    ).json();
    const { data: secret } = await (
      await call('POST', 'auth/approle/role/ci/secret-id')
    ).json();
    const login = await call('POST', 'auth/approle/login', {
      token: null,
      body: { role_id: roleId.role_id, secret_id: secret.secret_id },
    });
    const { auth } = await login.json();
    expect(auth.lease_duration).toBe(3600);
    expect(auth.token_policies).toEqual(['ci', 'default']);
  });

  it('enforces policies on tokens created with auth/token/create', async () => {
    await call('PUT', 'sys/policies/acl/reader', {
      body: {
        policy:
          'path "secret/data/team/*" { capabilities = ["read"] }\npath "auth/token/create" { capabilities = ["update"] }',
      },
    });
    await call('POST', 'secret/data/team/a', { body: { data: { v: 1 } } });
    const created = await (
      await call('POST', 'auth/token/create', {
        body: { policies: ['reader'], ttl: '10m' },
      })
    ).json();
    const token = created.auth.client_token;
    expect(created.auth.policies).toEqual(['default', 'reader']);
    expect((await call('GET', 'secret/data/team/a', { token })).status).toBe(
      200,
    );
    expect(
      (
        await call('POST', 'secret/data/team/a', {
          token,
          body: { data: { v: 2 } },
        })
      ).status,
    ).toBe(403);
    expect((await call('GET', 'secret/data/other', { token })).status).toBe(
      403,
    );
    const caps = await (
      await call('POST', 'sys/capabilities-self', {
        token,
        body: { paths: ['secret/data/team/a'] },
      })
    ).json();
    expect(caps.data['secret/data/team/a']).toEqual(['read']);
    const escalate = await call('POST', 'auth/token/create', {
      token,
      body: { policies: ['root'] },
    });
    expect(escalate.status).toBe(400);
    expect(await escalate.json()).toEqual({
      errors: ['child policies must be subset of parent'],
    });
  });

  it('keeps namespaces isolated, by header and by path prefix', async () => {
    await call('POST', 'secret/data/shared', {
      namespace: 'admin',
      body: { data: { where: 'admin' } },
    });
    expect((await call('GET', 'secret/data/shared')).status).toBe(404);
    const byHeader = await (
      await call('GET', 'secret/data/shared', { namespace: 'admin' })
    ).json();
    expect(byHeader.data.data).toEqual({ where: 'admin' });
    const byPrefix = await (
      await call('GET', 'admin/secret/data/shared')
    ).json();
    expect(byPrefix.data.data).toEqual({ where: 'admin' });
    expect(vault.secret('shared', { namespace: 'admin' })).toEqual({
      where: 'admin',
    });
    expect(vault.secret('shared')).toBeUndefined();

    await call('PUT', 'sys/policies/acl/only-admin', {
      namespace: 'admin',
      body: { policy: 'path "secret/*" { capabilities = ["read"] }' },
    });
    expect(Object.keys(vault.policies('admin'))).toContain('only-admin');
    expect(Object.keys(vault.policies())).not.toContain('only-admin');

    // A token from a login inside "admin" does not work in the root namespace.
    const login = await (
      await call('POST', 'auth/approle/login', {
        token: null,
        namespace: 'admin',
        body: {
          role_id: 'sandbox-backstage-role-id',
          secret_id: 'sandbox-backstage-secret-id',
        },
      })
    ).json();
    const adminToken = login.auth.client_token;
    expect(
      (
        await call('GET', 'auth/token/lookup-self', {
          token: adminToken,
          namespace: 'admin',
        })
      ).status,
    ).toBe(200);
    expect(
      (await call('GET', 'auth/token/lookup-self', { token: adminToken }))
        .status,
    ).toBe(403);

    expect(
      (await call('GET', 'secret/data/shared', { namespace: 'nope' })).status,
    ).toBe(404);
    expect(
      (await call('POST', 'sys/namespaces/team-a', { namespace: 'admin' }))
        .status,
    ).toBe(200);
    expect(vault.namespaces()).toEqual(['', 'admin', 'admin/team-a']);
  });

  it('manages Kubernetes auth roles and logs service accounts in', async () => {
    const role = {
      bound_service_account_names: ['payments'],
      bound_service_account_namespaces: 'payments',
      token_policies: ['payments-read'],
      token_ttl: '1h',
      token_max_ttl: '4h',
      alias_metadata: { 'eks.platform/owner-ref': 'group:default/team-a' },
    };
    expect(
      (await call('POST', 'auth/kubernetes/role/payments', { body: role }))
        .status,
    ).toBe(204);
    const read = await (
      await call('GET', 'auth/kubernetes/role/payments')
    ).json();
    expect(read.data).toMatchObject({
      bound_service_account_names: ['payments'],
      bound_service_account_namespaces: ['payments'],
      token_policies: ['payments-read'],
      token_ttl: 3600,
      token_max_ttl: 14400,
      alias_metadata: { 'eks.platform/owner-ref': 'group:default/team-a' },
    });
    expect(
      (await (await call('LIST', 'auth/kubernetes/role')).json()).data.keys,
    ).toEqual(['payments']);
    const invalid = await call('POST', 'auth/kubernetes/role/bad', {
      body: { bound_service_account_names: 'x' },
    });
    expect(await invalid.json()).toEqual({
      errors: ['"bound_service_account_namespaces" can not be empty'],
    });

    const login = await call('POST', 'auth/kubernetes/login', {
      token: null,
      body: {
        role: 'payments',
        jwt: serviceAccountJwt('payments', 'payments'),
      },
    });
    expect(login.status).toBe(200);
    const { auth } = await login.json();
    expect(auth.policies).toEqual(['default', 'payments-read']);
    expect(auth.metadata).toMatchObject({
      service_account_name: 'payments',
      service_account_namespace: 'payments',
    });
    const wrongAccount = await call('POST', 'auth/kubernetes/login', {
      token: null,
      body: { role: 'payments', jwt: serviceAccountJwt('orders', 'payments') },
    });
    expect(wrongAccount.status).toBe(403);
    expect(await wrongAccount.json()).toEqual({
      errors: ['service account name not authorized'],
    });
    const wrongNamespace = await call('POST', 'auth/kubernetes/login', {
      token: null,
      body: { role: 'payments', jwt: serviceAccountJwt('payments', 'default') },
    });
    expect(await wrongNamespace.json()).toEqual({
      errors: ['namespace not authorized'],
    });

    expect((await call('DELETE', 'auth/kubernetes/role/payments')).status).toBe(
      204,
    );
    expect((await call('GET', 'auth/kubernetes/role/payments')).status).toBe(
      404,
    );
  });

  it('stores alias_metadata on Kubernetes auth roles as Vault 1.21 does', async () => {
    const write = (body: object) =>
      call('POST', 'auth/kubernetes/role/meta', {
        body: {
          bound_service_account_names: 'app',
          bound_service_account_namespaces: 'apps',
          ...body,
        },
      });
    const read = async () =>
      (await (await call('GET', 'auth/kubernetes/role/meta')).json()).data
        .alias_metadata;

    expect((await write({})).status).toBe(204);
    expect(await read()).toEqual({});
    // A list of "key=value" strings is accepted too.
    await write({ alias_metadata: ['team=a', 'entity=component:default/x'] });
    expect(await read()).toEqual({ team: 'a', entity: 'component:default/x' });
    // A write without the field keeps it; a write with it replaces the map.
    await write({ token_ttl: '2h' });
    expect(await read()).toEqual({ team: 'a', entity: 'component:default/x' });
    await write({ alias_metadata: { team: 'b' } });
    expect(await read()).toEqual({ team: 'b' });
    expect(vault.kubernetesRole('meta')).toMatchObject({
      alias_metadata: { team: 'b' },
    });

    const invalid = await write({ alias_metadata: { team: 42 } });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).errors[0]).toMatch(
      /field "alias_metadata": value of key "team" is not a string/,
    );
    const malformed = await write({ alias_metadata: ['novalue'] });
    expect(malformed.status).toBe(400);
  });

  it('stores database roles', async () => {
    const role = {
      db_name: 'postgres',
      creation_statements: [
        "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';",
      ],
      default_ttl: '1h',
      max_ttl: '24h',
    };
    expect(
      (await call('POST', 'database/roles/payments', { body: role })).status,
    ).toBe(204);
    const read = await (await call('GET', 'database/roles/payments')).json();
    expect(read.data).toMatchObject({
      db_name: 'postgres',
      default_ttl: 3600,
      max_ttl: 86400,
      credential_type: 'password',
    });
    expect(vault.databaseRole('payments')).toMatchObject({
      db_name: 'postgres',
    });
    const missingDb = await call('POST', 'database/roles/x', {
      body: { creation_statements: 'SELECT 1' },
    });
    expect(missingDb.status).toBe(400);
    expect(await missingDb.json()).toEqual({
      errors: ['empty database name attribute'],
    });
  });

  it('injects failures with Retry-After and can hang', async () => {
    vault.setFailure({
      operation: 'kv.write',
      status: 503,
      retryAfterSeconds: 3,
      times: 1,
    });
    const failed = await call('POST', 'secret/data/a', {
      body: { data: { a: 1 } },
    });
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('3');
    expect(await failed.json()).toEqual({
      errors: ['simulated Vault failure'],
    });
    expect(
      (await call('POST', 'secret/data/a', { body: { data: { a: 1 } } }))
        .status,
    ).toBe(200);

    vault.setFailure({ operation: 'sys.policy.read', status: 429 });
    expect((await call('GET', 'sys/policies/acl/default')).status).toBe(429);
    vault.clearFailures();
    expect((await call('GET', 'sys/policies/acl/default')).status).toBe(200);

    vault.setFailure({ operation: 'approle.login', hang: true, times: 1 });
    await expect(
      fetch(`${vault.url}/v1/auth/approle/login`, {
        method: 'POST',
        body: '{}',
        signal: AbortSignal.timeout(100),
      }),
    ).rejects.toThrow();
  });
});
