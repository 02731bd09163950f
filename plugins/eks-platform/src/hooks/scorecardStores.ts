/*
 * The scorecard of an entity and the platform's rules, each read once and
 * shared by every component that shows them (the readiness card on the
 * overview, the image findings on the Platform tab). Scores move with the
 * cluster state but slower than the status, so they poll less often; the
 * rules change with the platform's config, so they are read rarely.
 */
import {
  ScorecardRulesResponse,
  ServiceScorecard,
} from '@internal/backstage-plugin-eks-platform-common';
import { EksPlatformApi } from '../api';
import { SharedPollingStore } from './SharedPollingStore';

export const SCORECARD_REFRESH_INTERVAL_MS = 60_000;
export const SCORECARD_RULES_REFRESH_INTERVAL_MS = 10 * 60_000;

export interface ScorecardStores {
  /** Keyed by entity ref. */
  scorecards: SharedPollingStore<ServiceScorecard>;
  /** One key: `rules`. */
  rules: SharedPollingStore<ScorecardRulesResponse>;
}

export function createScorecardStores(
  api: EksPlatformApi,
  options: {
    now?: () => number;
    document?: ConstructorParameters<typeof SharedPollingStore>[1]['document'];
  } = {},
): ScorecardStores {
  return {
    scorecards: new SharedPollingStore(
      entityRef => api.getScorecard(entityRef),
      { ...options, intervalMs: SCORECARD_REFRESH_INTERVAL_MS },
    ),
    rules: new SharedPollingStore(() => api.listScorecardRules(), {
      ...options,
      intervalMs: SCORECARD_RULES_REFRESH_INTERVAL_MS,
    }),
  };
}

const stores = new WeakMap<EksPlatformApi, ScorecardStores>();

/** The stores shared by every component reading through the same API instance. */
export function scorecardStoresFor(api: EksPlatformApi): ScorecardStores {
  let found = stores.get(api);
  if (!found) {
    found = createScorecardStores(api);
    stores.set(api, found);
  }
  return found;
}
