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

  it('refuses an HPA minimum that would block node drains', () => {
    const result = render({
      autoscaling: { minReplicas: 2 },
      podDisruptionBudget: { minAvailable: 2 },
    });
    expect(result.ok).toBe(false);
    expect(result.stderr).toContain(
      'must be at least podDisruptionBudget.minAvailable + 1',
    );
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
    const walk = (node: any) => {
      if (node?.type === 'object') objects.push(node);
      for (const child of Object.values(node?.properties ?? {})) walk(child);
      if (node?.items) walk(node.items);
    };
    walk(schema);
    expect(objects.length).toBeGreaterThan(15);
    for (const node of objects) expect(node.additionalProperties).toBe(false);
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
  });
});
