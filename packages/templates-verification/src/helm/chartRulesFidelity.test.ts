import path from 'node:path';
import {
  buildFleet,
  chartRuleGroups,
  SANDBOX_RULE_TIMING,
  serviceChartValues,
  serviceRuleGroups,
} from '@internal/eks-platform-sandbox';
import { repoRoot } from '../paths';
import { inputSets } from '../scaffolder/inputSets';
import {
  generatedRepo,
  generatedValues,
  only,
} from './__testUtils__/chartCases';
import { renderGeneratedChart } from './chartRenders';

/*
 * The sandbox's Prometheus loads, for every demo service, rule groups it
 * builds in TypeScript (no Helm run per service at start). These tests
 * render the golden-path chart's PrometheusRule with the real Helm and
 * assert the TypeScript groups equal it — names, expressions, labels,
 * annotations and `for:` at production timing — so the demo raises exactly
 * the alerts a generated service raises, and the two cannot drift apart.
 */
jest.setTimeout(600_000);

const SET_NAMES = Object.keys(inputSets);

function renderedGroups(
  repo: string,
  namespace: string,
  values?: Record<string, unknown>,
) {
  const render = renderGeneratedChart(repo, 'prod', { namespace, values });
  return only(render.documents, 'PrometheusRule').spec.groups;
}

describe('the sandbox rules equal the chart PrometheusRule rendered by Helm', () => {
  it.each(SET_NAMES)(
    'for the service generated from the %s input set (its own values)',
    async set => {
      const repo = await generatedRepo(set);
      const namespace = String(inputSets[set].namespace);
      const v = generatedValues(repo, 'prod');
      const helm = renderedGroups(repo, namespace);
      const service = only(
        renderGeneratedChart(repo, 'prod', { namespace }).documents,
        'PrometheusRule',
      ).metadata.name;
      expect(
        chartRuleGroups({
          service,
          namespace,
          team: v.team,
          runbookBaseUrl: v.monitoring.runbookBaseUrl,
          availabilityObjective: v.monitoring.slo.availability.objective,
          latencyObjective: v.monitoring.slo.latency.objective,
          latencyThresholdSeconds: v.monitoring.slo.latency.thresholdSeconds,
          autoscaling: v.autoscaling.enabled,
          maxReplicas: v.autoscaling.maxReplicas,
        }),
      ).toEqual(helm);
    },
  );

  it('for every demo service, rendered with the values the sandbox assumes for it', async () => {
    const fleet = buildFleet({
      catalogDir: path.join(repoRoot, 'catalog', 'demo'),
    });
    expect(fleet.services.length).toBeGreaterThan(5);
    const repo = await generatedRepo(SET_NAMES[0]);
    // One render per distinct shape is enough: services differ only in
    // name, namespace, team and HPA maximum; cover each team and maximum.
    const seen = new Set<string>();
    const sample = fleet.services.filter(s => {
      const key = `${s.team}/${s.params.hpaMaxReplicas}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    for (const service of sample) {
      const values = serviceChartValues(service);
      const helm = renderedGroups(repo, values.namespace, {
        nameOverride: values.service,
        team: values.team,
        // The chart's defaults (values.yaml.njk), whatever the input set chose.
        monitoring: {
          runbookBaseUrl: values.runbookBaseUrl,
          slo: {
            availability: { objective: 0.999 },
            latency: { objective: 0.99, thresholdSeconds: '0.5' },
          },
        },
        autoscaling: { enabled: true, maxReplicas: values.maxReplicas },
      });
      expect({
        service: service.name,
        groups: serviceRuleGroups(service),
      }).toEqual({
        service: service.name,
        groups: helm,
      });
    }
  });

  it('differs from the chart at sandbox timing only in the health alerts’ for:', () => {
    const values = {
      service: 'orders',
      namespace: 'shop',
      team: 'payments',
      runbookBaseUrl:
        'https://github.com/acme/orders/blob/main/docs/runbook.md',
    };
    const production = chartRuleGroups(values);
    const sandbox = chartRuleGroups(values, SANDBOX_RULE_TIMING);
    const withoutFor = (groups: typeof production) =>
      groups.map(g => ({
        ...g,
        rules: g.rules.map(r => ({ ...r, for: undefined })),
      }));
    expect(withoutFor(sandbox)).toEqual(withoutFor(production));
    const fors = (groups: typeof production) =>
      groups.flatMap(g => g.rules.map(r => ('for' in r ? r.for : undefined)));
    expect(fors(production).filter(Boolean)).toEqual([
      '5m',
      '10m',
      '15m',
      '15m',
    ]);
    expect(fors(sandbox).filter(Boolean)).toEqual([
      SANDBOX_RULE_TIMING.healthFor,
      SANDBOX_RULE_TIMING.healthFor,
      SANDBOX_RULE_TIMING.healthFor,
      SANDBOX_RULE_TIMING.healthFor,
    ]);
  });
});
