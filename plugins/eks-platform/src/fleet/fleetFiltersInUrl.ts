import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { HealthLevel } from '@internal/backstage-plugin-eks-platform-common';
import {
  FleetFilters,
  HEALTH_ORDER,
  NO_FILTERS,
  TEMPLATE_FILTERS,
  TemplateFilter,
  UPGRADE_PR_FILTERS,
  UpgradePullRequestFilter,
} from './fleetQuery';

const KEYS = Object.keys(NO_FILTERS) as Array<keyof FleetFilters>;

/** Filters from the page's query string; unknown health values, thresholds and template filters are ignored. */
export function filtersFromSearch(params: URLSearchParams): FleetFilters {
  const filters = { ...NO_FILTERS };
  for (const key of KEYS) {
    const value = params.get(key) ?? '';
    if (key === 'health') {
      filters.health = HEALTH_ORDER.includes(value as HealthLevel)
        ? (value as HealthLevel)
        : '';
    } else if (key === 'template') {
      filters.template = TEMPLATE_FILTERS.includes(value as TemplateFilter)
        ? (value as TemplateFilter)
        : '';
    } else if (key === 'upgradePr') {
      filters.upgradePr = UPGRADE_PR_FILTERS.includes(
        value as UpgradePullRequestFilter,
      )
        ? (value as UpgradePullRequestFilter)
        : '';
    } else if (key === 'scoreBelow') {
      filters.scoreBelow = /^\d{1,3}$/.test(value) ? value : '';
    } else {
      filters[key] = value;
    }
  }
  return filters;
}

/** Only the filters that are set, so a plain fleet URL stays plain. */
export function filtersToSearch(filters: FleetFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) if (filters[key]) params.set(key, filters[key]);
  return params;
}

/**
 * The fleet's filters, kept in the URL: Back from a service returns to the
 * same filtered list, and a filtered view can be shared as a link. Changes
 * replace the history entry, so typing a search does not add one per key.
 */
export function useFleetFiltersInUrl(): [
  FleetFilters,
  (next: FleetFilters) => void,
] {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(params), [params]);
  const setFilters = useCallback(
    (next: FleetFilters) => setParams(filtersToSearch(next), { replace: true }),
    [setParams],
  );
  return [filters, setFilters];
}
