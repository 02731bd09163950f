import { useCallback, useSyncExternalStore } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { eksPlatformApiRef } from '../api';
import { StatusSnapshot, storeFor } from './EntityStatusStore';

export interface EntityPlatformStatusState extends StatusSnapshot {
  entityRef: string;
  refresh: () => void;
}

/**
 * The platform status of the entity in context, shared by every card of
 * the page (one request per refresh) and refreshed every 15 s while the
 * tab is visible.
 */
export function useEntityPlatformStatus(): EntityPlatformStatusState {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const store = storeFor(useApi(eksPlatformApiRef));
  const subscribe = useCallback(
    (listener: () => void) => store.subscribe(entityRef, listener),
    [store, entityRef],
  );
  const snapshot = useSyncExternalStore(subscribe, () =>
    store.getSnapshot(entityRef),
  );
  const refresh = useCallback(
    () => void store.refresh(entityRef),
    [store, entityRef],
  );
  return { ...snapshot, entityRef, refresh };
}
