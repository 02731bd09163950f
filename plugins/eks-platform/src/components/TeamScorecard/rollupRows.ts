import {
  ScorecardRollup,
  ScorecardRuleInfo,
} from '@internal/backstage-plugin-eks-platform-common';
import { ownerLabel, shortRef } from '../../fleet/fleetRows';
import { filtersToSearch } from '../../fleet/fleetFiltersInUrl';
import { NO_FILTERS } from '../../fleet/fleetQuery';

export interface RollupRow {
  ref: string;
  /** As people call the owner or system. */
  label: string;
  score?: number;
  services: number;
  /** The most failed rules first: title and how many services fail it. */
  topFailingRules: Array<{ ruleId: string; title: string; services: number }>;
  trend: number[];
  /** The fleet's query string showing exactly this owner's or system's services. */
  fleetSearch: string;
}

export const TOP_FAILING_RULES = 3;

/**
 * Rollups as table rows, worst score first (unscored last): the team view
 * is for finding whom to help first.
 */
export function rollupRows(
  items: ScorecardRollup[],
  rules: ReadonlyMap<string, ScorecardRuleInfo>,
  owners: ReadonlyMap<string, string>,
): RollupRow[] {
  return items
    .map(item => {
      const isOwner = item.kind === 'owner';
      // The fleet's owner and system filters hold short refs (`payments`).
      const short = shortRef(item.ref, isOwner ? 'group' : 'system');
      const filters = isOwner
        ? { ...NO_FILTERS, owner: short }
        : { ...NO_FILTERS, system: short };
      return {
        ref: item.ref,
        label: isOwner ? ownerLabel(item.ref, owners) : short,
        score: item.score,
        services: item.services,
        topFailingRules: Object.entries(item.failingRules)
          .filter(([, services]) => services > 0)
          .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
          .slice(0, TOP_FAILING_RULES)
          .map(([ruleId, services]) => ({
            ruleId,
            title: rules.get(ruleId)?.title ?? ruleId,
            services,
          })),
        trend: [...item.history]
          .sort((a, b) => a.day.localeCompare(b.day))
          .map(point => point.score),
        fleetSearch: filtersToSearch(filters).toString(),
      };
    })
    .sort(
      (a, b) =>
        (a.score === undefined ? 1 : 0) - (b.score === undefined ? 1 : 0) ||
        (a.score ?? 0) - (b.score ?? 0) ||
        a.label.localeCompare(b.label),
    );
}
