import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ScoreHistoryPoint,
  ScorecardRollup,
  ServiceScorecard,
} from '@internal/backstage-plugin-eks-platform-common';

export type RollupBy = 'owner' | 'system';

/** The owner group or system an entity rolls up to, as a full entity ref. */
export function rollupRefOf(entity: Entity, by: RollupBy): string | undefined {
  const value = (entity.spec as Record<string, unknown> | undefined)?.[by];
  if (typeof value !== 'string' || !value) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(value, {
        defaultKind: by === 'owner' ? 'group' : 'system',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

const mean = (values: number[]) =>
  values.length === 0
    ? undefined
    : Math.round(values.reduce((a, b) => a + b, 0) / values.length);

/** A service's score of each day: its lowest environment score that day. */
function dailyScores(points: ScoreHistoryPoint[]): Map<string, number> {
  const byDay = new Map<string, number>();
  for (const p of points)
    byDay.set(p.day, Math.min(byDay.get(p.day) ?? Infinity, p.score));
  return byDay;
}

/**
 * Scores rolled up by owner or system: the mean of the services' scores
 * (services without a score left out), how many services fail each rule,
 * and the mean daily score of the last days. Worst first.
 */
export function rollUp(
  services: Array<{
    entity: Entity;
    scorecard: ServiceScorecard;
    history: ScoreHistoryPoint[];
  }>,
  by: RollupBy,
): ScorecardRollup[] {
  const groups = new Map<string, typeof services>();
  for (const service of services) {
    const ref = rollupRefOf(service.entity, by);
    if (!ref) continue;
    groups.set(ref, [...(groups.get(ref) ?? []), service]);
  }
  const rollups = [...groups].map(([ref, members]): ScorecardRollup => {
    const failingRules: Record<string, number> = {};
    for (const { scorecard } of members) {
      const failing = new Set(
        scorecard.environments.flatMap(e =>
          e.results.filter(r => r.outcome === 'fail').map(r => r.ruleId),
        ),
      );
      for (const id of failing) failingRules[id] = (failingRules[id] ?? 0) + 1;
    }
    const perDay = new Map<string, number[]>();
    for (const { history } of members) {
      for (const [day, score] of dailyScores(history))
        perDay.set(day, [...(perDay.get(day) ?? []), score]);
    }
    return {
      ref,
      kind: by,
      score: mean(
        members.flatMap(m =>
          m.scorecard.score === undefined ? [] : [m.scorecard.score],
        ),
      ),
      services: members.length,
      failingRules,
      history: [...perDay]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([day, scores]) => ({ day, score: mean(scores)! })),
    };
  });
  return rollups.sort(
    (a, b) =>
      (a.score ?? Infinity) - (b.score ?? Infinity) ||
      a.ref.localeCompare(b.ref),
  );
}
