import { HealthLevel } from '@internal/backstage-plugin-eks-platform-common';
import { FleetRow } from './fleetRows';

export interface FleetFilters {
  search: string;
  owner: string;
  system: string;
  cluster: string;
  health: '' | HealthLevel;
  /** Only services whose score is below this (`'70'`); `''` for all. */
  scoreBelow: string;
  /** Only services failing this rule id in some environment. */
  failingRule: string;
  /** `behind`: services whose template has a newer version; `current`: those on the newest. */
  template: '' | TemplateFilter;
  /** `open`: behind with an open upgrade pull request; `none`: behind with none open or merged. */
  upgradePr: '' | UpgradePullRequestFilter;
}

export type UpgradePullRequestFilter = 'open' | 'none';

/** The upgrade pull-request filter's choices. */
export const UPGRADE_PR_FILTERS: UpgradePullRequestFilter[] = ['open', 'none'];

/**
 * `none` is "nobody is upgrading it yet": behind, and no pull request open
 * or merged (a closed one, or none recorded). A row whose state is not
 * known yet counts as none: the column says so.
 */
function matchesUpgradePr(
  row: FleetRow,
  filter: '' | UpgradePullRequestFilter,
): boolean {
  if (!filter) return true;
  if (!row.template?.behindTo) return false;
  const state = row.template.pullRequest?.state ?? 'none';
  return filter === 'open'
    ? state === 'open'
    : state === 'none' || state === 'closed';
}

export type TemplateFilter = 'behind' | 'current';

/** The template filter's choices, worst first. */
export const TEMPLATE_FILTERS: TemplateFilter[] = ['behind', 'current'];

function matchesTemplate(row: FleetRow, filter: '' | TemplateFilter): boolean {
  if (!filter) return true;
  if (!row.template) return false;
  return filter === 'behind'
    ? row.template.behindTo !== undefined
    : row.template.behindTo === undefined;
}

export const NO_FILTERS: FleetFilters = {
  search: '',
  owner: '',
  system: '',
  cluster: '',
  health: '',
  scoreBelow: '',
  failingRule: '',
  template: '',
  upgradePr: '',
};

/** The thresholds the score filter offers. */
export const SCORE_THRESHOLDS = ['50', '70', '90'];

export type SortKey =
  | 'name'
  | 'owner'
  | 'system'
  | 'health'
  | 'score'
  | 'alerts';

export interface FleetSort {
  key: SortKey;
  direction: 'ascending' | 'descending';
}

/**
 * Worst first: the fleet page is for finding trouble. Pending (not deployed
 * yet) sits before unknown and healthy: somebody is waiting on it. Summary
 * chips, the health filter and sorting all use this one order.
 */
export const HEALTH_ORDER: HealthLevel[] = [
  'critical',
  'warning',
  'pending',
  'unknown',
  'healthy',
];

const HEALTH_RANK = Object.fromEntries(
  HEALTH_ORDER.map((level, i) => [level, i]),
) as Record<HealthLevel, number>;

export function filterRows(
  rows: FleetRow[],
  filters: FleetFilters,
): FleetRow[] {
  const search = filters.search.trim().toLowerCase();
  return rows.filter(
    row =>
      (!search ||
        row.name.toLowerCase().includes(search) ||
        row.title?.toLowerCase().includes(search)) &&
      (!filters.owner || row.owner === filters.owner) &&
      (!filters.system || row.system === filters.system) &&
      (!filters.cluster ||
        row.clusters.some(c => c.name === filters.cluster)) &&
      (!filters.health || row.health === filters.health) &&
      (!filters.scoreBelow ||
        (row.score !== undefined && row.score < Number(filters.scoreBelow))) &&
      (!filters.failingRule ||
        (row.failingRules ?? []).includes(filters.failingRule)) &&
      matchesTemplate(row, filters.template) &&
      matchesUpgradePr(row, filters.upgradePr),
  );
}

/** Rows without a score sort after every scored row, in both directions. */
function compareScores(a: FleetRow, b: FleetRow, sign: number): number {
  if (a.score === undefined || b.score === undefined)
    return (a.score === undefined ? 1 : 0) - (b.score === undefined ? 1 : 0);
  return sign * (a.score - b.score);
}

function compare(a: FleetRow, b: FleetRow, key: SortKey): number {
  switch (key) {
    case 'health':
      return HEALTH_RANK[a.health] - HEALTH_RANK[b.health];
    case 'alerts':
      return a.firingAlerts - b.firingAlerts;
    case 'owner':
      return a.owner.localeCompare(b.owner);
    case 'system':
      return a.system.localeCompare(b.system);
    default:
      return a.name.localeCompare(b.name);
  }
}

/** Sorts by the key, then by name so equal rows keep a stable, readable order. */
export function sortRows(rows: FleetRow[], sort: FleetSort): FleetRow[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...rows].sort(
    (a, b) =>
      (sort.key === 'score'
        ? compareScores(a, b, sign)
        : sign * compare(a, b, sort.key)) || a.name.localeCompare(b.name),
  );
}

export interface FilterOptions {
  owners: string[];
  systems: string[];
  clusters: string[];
  failingRules: string[];
}

export function filterOptions(rows: FleetRow[]): FilterOptions {
  const sorted = (values: Iterable<string>) =>
    [...new Set(values)].filter(Boolean).sort();
  return {
    owners: sorted(rows.map(r => r.owner)),
    systems: sorted(rows.map(r => r.system)),
    clusters: sorted(rows.flatMap(r => r.clusters.map(c => c.name))),
    failingRules: sorted(rows.flatMap(r => r.failingRules ?? [])),
  };
}
