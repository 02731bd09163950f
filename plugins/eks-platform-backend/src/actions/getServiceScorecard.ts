import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  ScorecardRuleInfo,
  ServiceScorecard,
} from '@internal/backstage-plugin-eks-platform-common';
import { ScorecardService } from '../scorecard/ScorecardService';
import { readableService, ToolAccess } from './readableService';

/** Unknown rules kept per environment: they say which facts are missing, not what to fix. */
const MAX_UNKNOWN = 5;

/**
 * The agent's view of a scorecard: per environment its score and counts,
 * each failing rule with its reasons, why it matters and how to fix it,
 * and only the ids of rules whose facts are missing. Passing and
 * not-applicable rules, history and image scans stay on the card.
 */
export function compactScorecard(
  card: ServiceScorecard,
  rules: ScorecardRuleInfo[],
) {
  const byId = new Map(rules.map(r => [r.id, r]));
  return {
    entityRef: card.entityRef,
    ...(card.score !== undefined ? { score: card.score } : {}),
    computedAt: card.computedAt,
    environments: card.environments.map(env => {
      const unknown = env.results.filter(r => r.outcome === 'unknown');
      return {
        environment: env.environment,
        ...(env.score !== undefined ? { score: env.score } : {}),
        counts: env.counts,
        failing: env.results
          .filter(r => r.outcome === 'fail')
          .map(r => {
            const rule = byId.get(r.ruleId);
            return {
              ruleId: r.ruleId,
              title: rule?.title ?? r.ruleId,
              severity: rule?.severity ?? 'low',
              reasons: r.reasons,
              why: rule?.why ?? '',
              fix: rule?.fix ?? '',
              ...(rule?.chartValue ? { chartValue: rule.chartValue } : {}),
            };
          }),
        unknown: unknown.slice(0, MAX_UNKNOWN).map(r => ({
          ruleId: r.ruleId,
          reasons: r.reasons,
        })),
      };
    }),
  };
}

/**
 * `get-service-scorecard`: a service's production-readiness score per
 * environment and what to fix, permission-checked like
 * `GET /v1/scorecard/:kind/:namespace/:name` (eks.platform.status.read and
 * catalog read with the caller's own credentials).
 */
export function registerGetServiceScorecard(options: {
  actionsRegistry: ActionsRegistryService;
  access: ToolAccess;
  scorecards: ScorecardService;
}) {
  const { actionsRegistry, access, scorecards } = options;
  actionsRegistry.register({
    name: 'get-service-scorecard',
    title: 'Get a service readiness scorecard',
    description: [
      "Is this service production-ready, and what should its team fix? Returns the service's readiness",
      'score (0-100) per environment (dev, stage, prod) against the platform standard, each failing rule',
      'with its severity, the reasons it fails, why it matters and how to fix it (naming the golden-path',
      'chart value), and the rules that could not be judged because facts are missing.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .max(300)
            .describe(
              'The service in the catalog: component:default/checkout, or just checkout',
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          score: z
            .number()
            .optional()
            .describe('The lowest environment score; absent when unknown'),
          computedAt: z.string(),
          environments: z.array(
            z.object({
              environment: z.string(),
              score: z.number().optional(),
              counts: z.record(z.number()),
              failing: z.array(
                z.object({
                  ruleId: z.string(),
                  title: z.string(),
                  severity: z.string(),
                  reasons: z.array(z.string()),
                  why: z.string(),
                  fix: z.string(),
                  chartValue: z.string().optional(),
                }),
              ),
              unknown: z
                .array(
                  z.object({
                    ruleId: z.string(),
                    reasons: z.array(z.string()),
                  }),
                )
                .describe('Rules whose facts are missing (first few)'),
            }),
          ),
        }),
    },
    examples: [
      {
        title: 'Readiness of the checkout service',
        input: { entityRef: 'component:default/checkout' },
      },
    ],
    action: async ({ input, credentials }) => {
      const entity = await readableService(
        access,
        credentials,
        input.entityRef,
        'the scorecard',
      );
      const card = await scorecards.scorecardOf(entity);
      return { output: compactScorecard(card, scorecards.rules) };
    },
  });
}
