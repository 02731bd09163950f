/* eslint-disable jest/no-conditional-expect -- the checks branch on the values of the case under test; every branch asserts */
import {
  ChartCase,
  ChartOption,
  caseNames,
  renderedCases,
  only,
  trackDeployment,
} from './__testUtils__/chartCases';
import { withIstioToggled } from './__testUtils__/chartOptions';
import { renderAgentTemplate } from './vault/agentTemplate';

/*
 * Vault through the Agent Injector: secrets are files under /vault/secrets;
 * the agent stays as a renewing sidecar exactly when dynamic database
 * credentials are asked for; the templates, rendered by the agent's own
 * engine, write the files the service's contract describes (chart README).
 */
jest.setTimeout(300_000);

/** The chart's defaults: no database. */
const NO_DATABASE = {
  host: '',
  name: '',
  port: 5432,
  sslMode: 'verify-full',
  caBundle: '',
  poolMax: 10,
  cidrs: [],
};

const options: Record<string, ChartOption> = {
  generated: () => ({}),
  // Without a database role the service has no database either: the
  // resolved database facts of the generated values go too.
  'no Vault': () => ({
    vault: { enabled: false, secrets: [], databaseRole: '' },
    database: NO_DATABASE,
  }),
  'static secrets only': () => ({
    vault: {
      enabled: true,
      secrets: [{ name: 'config', path: 'orders/config' }],
      databaseRole: '',
    },
    database: NO_DATABASE,
  }),
  'dynamic credentials only': () => ({
    vault: { enabled: true, secrets: [], databaseRole: 'orders-rw' },
  }),
  'Istio toggled': withIstioToggled,
};

const cases = renderedCases(options);

const PREFIX = 'vault.hashicorp.com/';

function pod(c: ChartCase) {
  return trackDeployment(c.render.documents).spec.template;
}

describe.each(caseNames(options))('Vault in %s', name => {
  const c = () => cases(name);
  const annotations = () =>
    pod(c()).metadata.annotations as Record<string, string>;
  const container = () => pod(c()).spec.containers[0];
  const dynamic = () =>
    Boolean(c().values.vault.enabled && c().values.vault.databaseRole);

  it('runs the agent as a renewing sidecar exactly when dynamic credentials are asked for', () => {
    const vault = c().values.vault;
    const a = annotations();
    if (!vault.enabled) {
      expect(Object.keys(a).filter(k => k.startsWith(PREFIX))).toEqual([]);
      return;
    }
    expect(a).toMatchObject({
      [`${PREFIX}agent-inject`]: 'true',
      [`${PREFIX}agent-pre-populate`]: 'true',
      // the injector's default is a sidecar: the chart always says which
      [`${PREFIX}agent-pre-populate-only`]: dynamic() ? 'false' : 'true',
      [`${PREFIX}role`]: vault.role,
      [`${PREFIX}auth-path`]: vault.authPath,
      [`${PREFIX}service`]: vault.address,
      [`${PREFIX}agent-inject-containers`]: container().name,
    });
    expect(Number(a[`${PREFIX}agent-run-as-user`])).toBe(
      pod(c()).spec.securityContext.runAsUser,
    );
    for (const key of [
      'requests-cpu',
      'limits-cpu',
      'requests-mem',
      'limits-mem',
    ]) {
      expect(a[`${PREFIX}agent-${key}`]).toMatch(/^[0-9]+(m|Mi)$/);
    }
  });

  it('points DATABASE_CREDENTIALS_FILE at the rendered credentials, and renders them as the contract says', () => {
    const env = container().env as Array<{ name: string; value?: string }>;
    const file = env.find(e => e.name === 'DATABASE_CREDENTIALS_FILE');
    const a = annotations();
    const secrets = Object.keys(a).filter(k =>
      k.startsWith(`${PREFIX}agent-inject-secret-`),
    );
    if (!dynamic()) {
      expect(file).toBeUndefined();
      expect(secrets).not.toContain(
        `${PREFIX}agent-inject-secret-database.json`,
      );
      return;
    }
    // The injector writes agent-inject-secret-<file> to /vault/secrets/<file>.
    expect(file?.value).toBe('/vault/secrets/database.json');
    const path = `database/creds/${c().values.vault.databaseRole}`;
    expect(a[`${PREFIX}agent-inject-secret-database.json`]).toBe(path);
    const rendered = renderAgentTemplate(
      a[`${PREFIX}agent-inject-template-database.json`],
      {
        [path]: {
          data: { username: 'v-k8s-rw-Q1w', password: 'p"w\\rd' },
          leaseDuration: 3600,
          renewable: true,
        },
      },
    );
    expect(rendered.paths).toEqual([path]);
    const credentials = JSON.parse(rendered.output);
    expect(Object.keys(credentials)).toEqual([
      'username',
      'password',
      'ttl',
      'issuedAt',
    ]);
    expect(credentials).toEqual({
      username: 'v-k8s-rw-Q1w',
      password: 'p"w\\rd',
      ttl: 3600,
      issuedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    expect(
      Math.abs(Date.parse(credentials.issuedAt) - Date.now()),
    ).toBeLessThan(60_000);
  });

  it('renders every KV secret as JSON to /vault/secrets/<name>', () => {
    const vault = c().values.vault;
    const a = annotations();
    for (const secret of vault.enabled ? vault.secrets : []) {
      const path = `${vault.kvMount}/data/${secret.path}`;
      expect(a[`${PREFIX}agent-inject-secret-${secret.name}`]).toBe(path);
      const rendered = renderAgentTemplate(
        a[`${PREFIX}agent-inject-template-${secret.name}`],
        {
          [path]: {
            data: {
              data: { apiKey: 'k-1', nested: { on: true } },
              metadata: { version: 4 },
            },
          },
        },
      );
      expect(rendered.paths).toEqual([path]);
      expect(JSON.parse(rendered.output)).toEqual({
        apiKey: 'k-1',
        nested: { on: true },
      });
    }
  });

  it('gives the agent a projected token and the app container none', () => {
    const spec = pod(c()).spec;
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(
      only(c().render.documents, 'ServiceAccount', spec.serviceAccountName)
        .automountServiceAccountToken,
    ).toBe(false);
    const volume = (spec.volumes as any[]).find(v => v.name === 'vault-token');
    if (c().values.vault.enabled) {
      expect(volume.projected.sources).toEqual([
        { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } },
      ]);
      expect(
        annotations()[`${PREFIX}agent-service-account-token-volume-name`],
      ).toBe('vault-token');
    } else {
      expect(volume).toBeUndefined();
    }
    expect((container().volumeMounts as any[]).map(m => m.name)).not.toContain(
      'vault-token',
    );
  });

  it('lets the agent reach Vault before Envoy starts when Istio is on', () => {
    const a = annotations();
    const both = c().values.istio.enabled && c().values.vault.enabled;
    expect(a[`${PREFIX}agent-init-first`]).toBe(both ? 'true' : undefined);
    const port = new URL(c().values.vault.address).port || '443';
    expect(a['traffic.sidecar.istio.io/excludeOutboundPorts']).toBe(
      both ? port : undefined,
    );
  });
});
