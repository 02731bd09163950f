import { useCallback, useSyncExternalStore } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ScorecardRuleInfo,
  ServiceScorecard,
} from '@internal/backstage-plugin-eks-platform-common';
import { eksPlatformApiRef } from '../api';
import { PollingSnapshot, SharedPollingStore } from './SharedPollingStore';
import { scorecardStoresFor } from './scorecardStores';

export interface EntityScorecardState {
  entityRef: string;
  scorecard?: ServiceScorecard;
  /** Rule id → the rule's title, why and fix; empty until the rules arrive. */
  rules: ReadonlyMap<string, ScorecardRuleInfo>;
  error?: Error;
  loading: boolean;
  updatedAt?: number;
  refresh: () => void;
}

function useShared<T>(
  store: SharedPollingStore<T>,
  key: string,
): PollingSnapshot<T> {
  const subscribe = useCallback(
    (listener: () => void) => store.subscribe(key, listener),
    [store, key],
  );
  return useSyncExternalStore(subscribe, () => store.getSnapshot(key));
}

const NO_RULES: ReadonlyMap<string, ScorecardRuleInfo> = new Map();
const ruleMaps = new WeakMap<object, ReadonlyMap<string, ScorecardRuleInfo>>();

function rulesById(
  response: { items: ScorecardRuleInfo[] } | undefined,
): ReadonlyMap<string, ScorecardRuleInfo> {
  if (!response) return NO_RULES;
  let map = ruleMaps.get(response);
  if (!map) {
    map = new Map(response.items.map(rule => [rule.id, rule]));
    ruleMaps.set(response, map);
  }
  return map;
}

/** The platform's rules by id, read once for every component that shows them. */
export function useScorecardRules(): ReadonlyMap<string, ScorecardRuleInfo> {
  const stores = scorecardStoresFor(useApi(eksPlatformApiRef));
  return rulesById(useShared(stores.rules, 'rules').value);
}

/**
 * The scorecard of the entity in context with the rules' texts: one
 * request per entity however many components show it, refreshed every
 * minute while the tab is visible. A failing rules read leaves the rule
 * ids as titles; only the scorecard's own failure is an error.
 */
export function useEntityScorecard(): EntityScorecardState {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const stores = scorecardStoresFor(useApi(eksPlatformApiRef));
  const scorecard = useShared(stores.scorecards, entityRef);
  const rules = useShared(stores.rules, 'rules');
  const refresh = useCallback(() => {
    void stores.scorecards.refresh(entityRef);
    if (rules.error) void stores.rules.refresh('rules');
  }, [stores, entityRef, rules.error]);
  return {
    entityRef,
    scorecard: scorecard.value,
    rules: rulesById(rules.value),
    error: scorecard.error,
    loading: scorecard.loading,
    updatedAt: scorecard.updatedAt,
    refresh,
  };
}
