import { useCallback, useSyncExternalStore } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { eksPlatformApiRef, StatusView } from '../api';
import { StatusSnapshot, storeFor } from './EntityStatusStore';

export interface EntityPlatformStatusState extends StatusSnapshot {
  entityRef: string;
  refresh: () => void;
}

/**
 * The platform status of the entity in context, shared by every card of
 * the page that reads the same view (one request per refresh) and
 * refreshed every 15 s while the tab is visible. `summary` is the small
 * answer the overview's verdicts need; `full` (default) the detail cards'.
 */
export function useEntityPlatformStatus(
  view: StatusView = 'full',
): EntityPlatformStatusState {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const store = storeFor(useApi(eksPlatformApiRef));
  const subscribe = useCallback(
    (listener: () => void) => store.subscribe(entityRef, listener, view),
    [store, entityRef, view],
  );
  const snapshot = useSyncExternalStore(subscribe, () =>
    store.getSnapshot(entityRef, view),
  );
  const refresh = useCallback(
    () => void store.refresh(entityRef, view),
    [store, entityRef, view],
  );
  return { ...snapshot, entityRef, refresh };
}
