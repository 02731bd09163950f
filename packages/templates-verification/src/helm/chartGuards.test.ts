/* eslint-disable jest/no-conditional-expect -- the checks branch on the values of the case under test; every branch asserts */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { generatedTrees } from '../scaffolder/generatedTrees';
import { chartDir, materialise, renderGeneratedChart } from './chartRenders';

/*
 * What the chart refuses or leaves out, proven with the real `helm template`
 * on the chart the template generates for the minimal input set.
 */
jest.setTimeout(180_000);

let repo: string;

/** Database facts as the platform resolves them (eksPlatform.databases[]). */
const DATABASE = {
  host: 'payments.abc123.eu-west-1.rds.amazonaws.com',
  name: 'payments',
  port: 5432,
  sslMode: 'verify-full',
  caBundle: 'rds-global',
  poolMax: 10,
  cidrs: ['10.40.0.0/24'],
};

/** Vault's dynamic database credentials, which a database needs. */
const DYNAMIC_CREDENTIALS = {
  vault: { enabled: true, secrets: [], databaseRole: 'payments-rw' },
};

beforeAll(async () => {
  repo = materialise((await generatedTrees()).minimal, 'guards');
});

const render = (values: Record<string, unknown>, apiVersions?: string[]) =>
  renderGeneratedChart(repo, 'prod', {
    namespace: 'payments',
    values,
    apiVersions,
  });

describe('chart guards', () => {
  it('skips ServiceMonitor and PrometheusRule when the CRDs are absent, and says so in NOTES', () => {
    const without = render({}, []);
    expect(without.ok).toBe(true);
    expect(without.documents.map(d => d.kind)).not.toEqual(
      expect.arrayContaining(['ServiceMonitor']),
    );
    expect(without.documents.map(d => d.kind)).not.toEqual(
      expect.arrayContaining(['PrometheusRule']),
    );
    expect(without.notes).toContain(
      'WARNING: the Prometheus Operator CRDs are not installed',
    );

    const withCrds = render({});
    expect(withCrds.documents.map(d => d.kind)).toEqual(
      expect.arrayContaining(['ServiceMonitor', 'PrometheusRule']),
    );
    expect(withCrds.notes).not.toContain('Prometheus Operator CRDs');
  });

  it.each([
    ['a misspelt key', { autoscaling: { minReplica: 3 } }, 'minReplica'],
    ['an unknown top-level key', { replicas: 3 }, 'replicas'],
    ['a root user', { securityContext: { runAsUser: 0 } }, 'runAsUser'],
    ['a bad CPU quantity', { resources: { cpu: 'lots' } }, 'cpu'],
    [
      'a database host with a scheme',
      { database: { ...DATABASE, host: 'https://orders.rds.amazonaws.com' } },
      'host',
    ],
    [
      'a database open to every address',
      { database: { ...DATABASE, cidrs: ['0.0.0.0/0'] } },
      'cidrs',
    ],
    [
      'broker CIDRs of every address',
      { kafka: { brokerCidrs: ['::/0'] } },
      'brokerCidrs',
    ],
    [
      'a CA bundle that is not a ConfigMap name',
      { database: { ...DATABASE, caBundle: '../../etc' } },
      'caBundle',
    ],
    [
      'an SSL mode the service does not know',
      { database: { ...DATABASE, sslMode: 'prefer' } },
      'sslMode',
    ],
  ])(
    'helm template rejects %s through values.schema.json',
    (_l, values, field) => {
      const result = render(values);
      expect(result.ok).toBe(false);
      expect(result.stderr).toContain(
        "values don't meet the specifications of the schema",
      );
      expect(result.stderr).toContain(field);
    },
  );

  it('takes --set after the values files, and checks it against the schema too', () => {
    const ok = renderGeneratedChart(repo, 'prod', {
      namespace: 'payments',
      set: ['autoscaling.maxReplicas=20'],
    });
    expect(ok.ok).toBe(true);
    const hpa = ok.documents.find(d => d.kind === 'HorizontalPodAutoscaler')!;
    expect(hpa.spec.maxReplicas).toBe(20);

    const bad = renderGeneratedChart(repo, 'prod', {
      namespace: 'payments',
      set: ['autoscaling.maxReplicas=many'],
    });
    expect(bad.ok).toBe(false);
    expect(bad.stderr).toContain('maxReplicas');
  });

  it.each([
    [
      'a PDB that lets a drain take every replica at the HPA minimum',
      {
        autoscaling: { minReplicas: 2 },
        podDisruptionBudget: { maxUnavailable: 2 },
      },
      'lets a drain take all 2 replicas at the lowest replica count',
    ],
    [
      'a percentage PDB that rounds up to every replica',
      {
        autoscaling: { minReplicas: 3 },
        podDisruptionBudget: { maxUnavailable: '70%' },
      },
      'lets a drain take all 3 replicas',
    ],
    [
      'an HPA maximum below its minimum',
      { autoscaling: { minReplicas: 5, maxReplicas: 4 } },
      'maxReplicas must be greater than or equal to autoscaling.minReplicas',
    ],
    [
      'a grace period the shutdown does not fit in',
      {
        terminationGracePeriodSeconds: 30,
        shutdown: { preStopSeconds: 15, drainMs: 5000, timeoutMs: 15000 },
      },
      'terminationGracePeriodSeconds (30) must exceed shutdown.preStopSeconds + (drainMs + timeoutMs) / 1000 (35)',
    ],
    [
      'an ALB exposure without load balancer ranges',
      {
        ingress: {
          mode: 'internal',
          host: 'a.example.com',
          certificateArn:
            'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
        },
        networkPolicy: { loadBalancerSourceRanges: [] },
      },
      'networkPolicy.loadBalancerSourceRanges is required when the service is exposed through the ALB',
    ],
    [
      'Istio weights that do not sum to 100',
      { istio: { enabled: true, traffic: { stable: 90, canary: 0 } } },
      'istio.traffic.stable (90) + istio.traffic.canary (0) must be 100',
    ],
    [
      'canary traffic without canary pods',
      { istio: { enabled: true, traffic: { stable: 80, canary: 20 } } },
      'the canary subset would have no pods',
    ],
    [
      'a canary without its image tag',
      {
        istio: {
          enabled: true,
          canary: { enabled: true, tag: '', replicas: 1 },
        },
      },
      'istio.canary.tag is required',
    ],
    [
      'a canary without Istio',
      {
        istio: {
          enabled: false,
          canary: { enabled: true, tag: 'abc', replicas: 1 },
        },
      },
      'istio.canary.enabled needs istio.enabled',
    ],
    [
      'Vault without anywhere to reach it',
      {
        vault: {
          enabled: true,
          secrets: [{ name: 'c', path: 'o/c' }],
          egress: { namespace: '', podLabels: {}, cidrs: [] },
        },
      },
      'vault.egress needs a namespace or cidrs',
    ],
    [
      'Kafka without brokers',
      { kafka: { enabled: true, brokers: [], brokerCidrs: ['10.2.0.0/24'] } },
      'kafka.brokers is required',
    ],
    [
      'Kafka without broker addresses for the egress rule',
      {
        kafka: {
          enabled: true,
          brokers: ['b-1.msk.internal:9098'],
          brokerCidrs: [],
        },
      },
      'kafka.brokerCidrs is required',
    ],
    [
      'SCRAM without its Vault secret',
      {
        kafka: {
          enabled: true,
          brokers: ['b-1.msk.internal:9096'],
          brokerCidrs: ['10.2.0.0/24'],
          auth: 'scram',
        },
      },
      'add a vault.secrets entry named kafka',
    ],
    [
      'a database without Vault credentials',
      { database: { ...DATABASE, sslMode: 'require' } },
      'database.host is set but vault.databaseRole is empty',
    ],
    [
      'a database without its name',
      { ...DYNAMIC_CREDENTIALS, database: { ...DATABASE, name: '' } },
      'database.name is required when database.host is set',
    ],
    [
      'a database without subnets for the egress rule',
      { ...DYNAMIC_CREDENTIALS, database: { ...DATABASE, cidrs: [] } },
      'database.cidrs is required when database.host is set',
    ],
    [
      'verify-full without the CA bundle',
      { ...DYNAMIC_CREDENTIALS, database: { ...DATABASE, caBundle: '' } },
      'database.caBundle is required with database.sslMode verify-full',
    ],
  ])('refuses %s', (_label, values, message) => {
    const result = render(values);
    expect(result.ok).toBe(false);
    expect(result.stderr).toContain(message);
  });

  it.each([
    [
      'an egress rule to every address',
      {
        networkPolicy: {
          egress: [
            {
              name: 'all',
              cidr: '0.0.0.0/0',
              ports: [{ port: 443, protocol: 'TCP' }],
            },
          ],
        },
      },
      'cidr',
    ],
    [
      'an egress rule without ports',
      {
        networkPolicy: {
          egress: [{ name: 'db', cidr: '10.1.0.0/24', ports: [] }],
        },
      },
      'ports',
    ],
    [
      'load balancer ranges of every address',
      { networkPolicy: { loadBalancerSourceRanges: ['0.0.0.0/0'] } },
      'loadBalancerSourceRanges',
    ],
    [
      'a PDB of 100%',
      { podDisruptionBudget: { maxUnavailable: '100%' } },
      'maxUnavailable',
    ],
    [
      'an objective that no burn rate can page on',
      { monitoring: { slo: { availability: { objective: 0.9 } } } },
      'objective',
    ],
    [
      'a latency threshold that is no histogram bucket',
      { monitoring: { slo: { latency: { thresholdSeconds: '0.3' } } } },
      'thresholdSeconds',
    ],
    [
      'a Kafka broker without a port',
      { kafka: { brokers: ['b-1.msk.internal'] } },
      'brokers',
    ],
    [
      'an unknown Kafka authentication',
      { kafka: { auth: 'plaintext' } },
      'auth',
    ],
  ])('refuses %s through values.schema.json', (_label, values, field) => {
    const result = render(values);
    expect(result.ok).toBe(false);
    expect(result.stderr).toContain(
      "values don't meet the specifications of the schema",
    );
    expect(result.stderr).toContain(field);
  });

  it('leaves the dashboard out when asked to', () => {
    const kinds = (values: Record<string, unknown>) =>
      render(values).documents.filter(
        d => d.metadata.labels?.grafana_dashboard === '1',
      ).length;
    expect(kinds({})).toBe(1);
    expect(kinds({ monitoring: { dashboard: { enabled: false } } })).toBe(0);
  });

  it('requires a certificate ARN when the ingress is on', () => {
    const result = render({
      ingress: { mode: 'public', host: 'a.example.com', certificateArn: '' },
    });
    expect(result.ok).toBe(false);
    expect(result.stderr).toMatch(/certificateArn/);
  });

  it('has no chart dependencies and a strict schema', () => {
    const chart = fs.readFileSync(
      path.join(chartDir(repo), 'Chart.yaml'),
      'utf8',
    );
    expect(chart).not.toMatch(/dependencies/);
    const schema = JSON.parse(
      fs.readFileSync(path.join(chartDir(repo), 'values.schema.json'), 'utf8'),
    );
    const objects: any[] = [];
    const maps: any[] = [];
    const walk = (node: any) => {
      if (node?.type === 'object' && node.properties) objects.push(node);
      else if (node?.type === 'object') maps.push(node);
      for (const child of Object.values(node?.properties ?? {})) walk(child);
      if (node?.items) walk(node.items);
    };
    walk(schema);
    expect(objects.length).toBeGreaterThan(40);
    for (const node of objects) expect(node.additionalProperties).toBe(false);
    // label maps: any key, but only label-shaped keys and string values
    expect(maps.length).toBeGreaterThan(5);
    for (const node of maps) {
      expect(node.propertyNames.pattern).toBeDefined();
      expect(node.additionalProperties).toMatchObject({ type: 'string' });
    }
  });

  it('has a chart README generated from the values schema (drift check)', () => {
    const result = spawnSync(
      process.execPath,
      ['.github/scripts/chart-readme.mjs', '--check'],
      { cwd: repo, encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const readme = fs.readFileSync(
      path.join(chartDir(repo), 'README.md'),
      'utf8',
    );
    expect(readme).toContain('| `autoscaling.minReplicas` | integer |');
    // the contracts other parts of the platform build on
    for (const contract of [
      'elbv2.k8s.aws/pod-readiness-gate-inject: enabled',
      'managedNamespaceMetadata',
      '`/vault/secrets/database.json`',
      '{"username": "<string>", "password": "<string>", "ttl": <lease seconds>, "issuedAt": "<RFC 3339, UTC>"}',
      '`DATABASE_CREDENTIALS_FILE`',
      '`KAFKA_BROKERS`',
      '`METRICS_PORT`',
    ]) {
      expect(readme).toContain(contract);
    }
  });

  it('refuses a README whose generated table was edited', () => {
    const readme = path.join(chartDir(repo), 'README.md');
    const original = fs.readFileSync(readme, 'utf8');
    try {
      fs.writeFileSync(
        readme,
        original.replace('| `team` | string |', '| `team` | text |'),
      );
      const result = spawnSync(
        process.execPath,
        ['.github/scripts/chart-readme.mjs', '--check'],
        { cwd: repo, encoding: 'utf8' },
      );
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('chart/README.md is stale');
    } finally {
      fs.writeFileSync(readme, original);
    }
  });
});
