import MarkdownIt from 'markdown-it';
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
  // The description takes punctuation (see the suite at the end), but one
  // line of printable text only.
  ['description', 'fine\nkind: Secret'],
  ['description', 'fine\rkind: Secret'],
  ['description', 'tab\there'],
  ['description', ' leading space'],
  ['description', 'line\u2028separator'],
  ['description', 'bidi \u202egnp.exe'],
  ['description', 'nul\u0000byte'],
  ['description', 'a'.repeat(300)],
  ['owner', 'group:default/payments\nx'],
  ['owner', 'group:default/../../x'],
  ['owner', 'group:default/Payments'],
  ['system', 'system:default/commerce"'],
  ['lifecycle', 'prod'],
  ['lifecycle', 'production\n'],
  ['environments', ['dev', 'dev']],
  ['environments', []],
  ['environments', ['Dev']],
  ['environments', ['dev\n']],
  ['environments', ['../prod']],
  ['environments', ['${{ parameters.x }}']],
  ['pdbMinAvailable', 9],
  ['cpu', '1; rm -rf /'],
  ['cpu', '100'],
  ['memory', '1Ti'],
  ['memory', '512Mi\n'],
  ['resourcePreset', 'huge'],
  ['hpaMaxReplicas', 500],
  ['allowedCallers', ['component:default/checkout\nx']],
  ['allowedCallers', ['../../etc/passwd']],
  ['allowedCallers', ['group:default/payments']],
  [
    'allowedCallers',
    ['component:default/checkout', 'component:default/checkout'],
  ],
  ['allowedCallers', [{ name: 'checkout' }]],
  ['dependencies', ['resource:default/orders-db']],
  ['dependencies', ['api:default/Ledger-API']],
  ['repoUrl', 'evil.example.com?owner=acme&repo=orders'],
  ['repoUrl', '127.0.0.1:7130?owner=acme&repo=orders&token=x'],
  ['repoUrl', '127.0.0.1:7130?owner=../acme&repo=orders'],
  ['repoUrl', '127.0.0.1:7130?owner=acme&repo=Orders'],
  ['language', 'python'],
  ['ingressMode', 'nodeport'],
  // Review's display names (display only) are one line of printable text.
  ['ownerDisplayName', 'Commerce team\nkind: Secret'],
  ['systemDisplayName', 'bidi \u202egnp.exe'],
  ['allowedCallersDisplayNames', ' leading space'],
  ['dependenciesDisplayNames', 'a'.repeat(501)],
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
      'replicas below 2 with autoscaling off',
      { autoscaling: false, replicas: 1 },
    ],
    ['autoscaling off without replicas', { autoscaling: false }],
    ['six fixed replicas', { autoscaling: false, replicas: 6 }],
    ['replicas as a string', { autoscaling: false, replicas: '3' }],
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

describe("Review's display names are never trusted", () => {
  it('generates the same repository whatever display names a request claims', async () => {
    const plain = await backend.dryRun(minimalValues);
    const forged = await backend.dryRun({
      ...minimalValues,
      ownerDisplayName: 'Platform admins',
      systemDisplayName: 'Payments core',
      allowedCallersDisplayNames: 'every service',
      dependenciesDisplayNames: 'x ${{ secrets.backstageToken }} y',
    });
    expect(plain.status).toBe(200);
    expect(forged.status).toBe(200);
    expect(forged.files).toEqual(plain.files);
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
      {
        autoscaling: false,
        pdbMinAvailable: 4,
        replicas: 4,
        hpaMinReplicas: undefined,
        hpaMaxReplicas: undefined,
        hpaCpuTarget: undefined,
        hpaMemoryTarget: undefined,
      },
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
    // Schema rules answer with the validator's errors; the replica rules
    // with eks:platform:resolve's InputError (the form's own function).
    expect(
      JSON.stringify(result.body.errors ?? result.body.error.message),
    ).toContain(field);
  });

  it('names the real minAvailable limit for 3 fixed replicas, in the words the form shows', async () => {
    const result = await backend.dryRun({
      ...minimalValues,
      autoscaling: false,
      replicas: 3,
      pdbMinAvailable: 3,
      hpaMinReplicas: undefined,
      hpaMaxReplicas: undefined,
      hpaCpuTarget: undefined,
      hpaMemoryTarget: undefined,
    });
    expect(result.status).toBe(400);
    expect(result.body.error.message).toContain(
      'With 3 replicas, minAvailable can be at most 2',
    );
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

describe('names the schema cannot judge are refused by eks:platform:resolve before any side effect', () => {
  it.each<[string, TemplateValues, RegExp]>([
    [
      'an environment the platform does not have',
      { environments: ['qa'] },
      /"qa" is not a platform environment; use one of "dev", "stage", "prod"/,
    ],
    [
      'a caller that is not in the catalog (or not readable)',
      { allowedCallers: ['component:default/ghost'] },
      /allowedCallers\[0\].*is not in the catalog, or you may not read it/,
    ],
    [
      'a dependency on an API nobody provides',
      { dependencies: ['api:default/nowhere-api'] },
      /dependencies\[0\].*is not in the catalog/,
    ],
  ])('%s', async (_label, patch, message) => {
    const result = await backend.dryRun({ ...minimalValues, ...patch });
    // The dry-run API answers the action's InputError as a 400 naming the
    // field: the first step failed, so no other step ran and nothing was
    // generated.
    expect(result.status).toBe(400);
    expect(result.body.error.name).toBe('InputError');
    expect(result.body.error.message).toMatch(message);
    expect(result.body.log).toBeUndefined();
    expect(result.files).toEqual({});
  });
});

/**
 * Descriptions with ordinary punctuation, and with what would be dangerous
 * if anything evaluated or rendered it as code: accepted, and harmless in
 * every file they reach.
 */
const punctuated = [
  'Orders (EU/US), v2 - fast_path. 100/s',
  'say "hi" & it\'s fine: 100% <ok>',
  'x ${{ secrets.backstageToken }} y',
  'x {{ .Release.Name }} {% raw %} y',
  'end </script><script>alert(1)</script>',
  '[click](javascript:alert(1)) ![img](http://x/y.png) *b* _i_ `c` # h | t ~s~',
  '1. not a list \\ backslash',
  `${CYRILLIC_O}rder intake, naïve café`,
];

/** The files a description is written into, with how each must read it back. */
const YAML_FILES = ['catalog-info.yaml', 'chart/Chart.yaml', 'mkdocs.yml'];
const MARKDOWN_FILES = ['README.md', 'docs/index.md'];

describe('a description with punctuation reaches every generated file escaped', () => {
  const md = new MarkdownIt({ html: true });

  it.each(punctuated)('%s', async description => {
    const result = await backend.dryRun({ ...minimalValues, description });
    expect(result.status).toBe(200);
    const files = result.files;
    expect(Object.keys(files).length).toBeGreaterThan(20);

    // YAML and JSON: parsed back, exactly the words typed.
    expect(yaml.parse(files['catalog-info.yaml']).metadata.description).toBe(
      description,
    );
    expect(yaml.parse(files['chart/Chart.yaml']).description).toBe(description);
    expect(yaml.parse(files['mkdocs.yml']).site_description).toBe(description);
    expect(JSON.parse(files['package.json']).description).toBe(description);
    // The template record (JSON, for upgrades) keeps the exact value too.
    expect(
      JSON.parse(files['.backstage/template.json']).values.description,
    ).toBe(description);
    for (const file of YAML_FILES) {
      // One document, no extra keys smuggled in.
      expect(yaml.parseAllDocuments(files[file])).toHaveLength(1);
    }

    // Markdown as TechDocs and GitHub render it (raw HTML allowed): the
    // paragraph's text is the description, with no element of its own.
    for (const file of MARKDOWN_FILES) {
      const html = md.render(files[file]);
      const paragraph = /^<h1>[^<]*<\/h1>\s*<p>([\s\S]*?)<\/p>/.exec(html);
      expect(paragraph).not.toBeNull();
      expect(paragraph![1]).not.toMatch(/<(?!\/?p>)/);
      const text = paragraph![1]
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&');
      expect(text).toBe(description);
    }

    // No other file carries it, in particular no workflow or Helm template
    // (whose ${{ }} and {{ }} GitHub and Helm would evaluate).
    const carriers = Object.keys(files).filter(f =>
      files[f].includes(description),
    );
    const allowed = [
      ...YAML_FILES,
      'package.json',
      '.backstage/template.json',
      ...MARKDOWN_FILES,
    ];
    expect(carriers.filter(f => !allowed.includes(f))).toEqual([]);
  });
});
