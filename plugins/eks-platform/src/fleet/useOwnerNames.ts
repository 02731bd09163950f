import { useEffect, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { OWNER_FIELDS, ownerNames } from './ownerNames';

const NONE: ReadonlyMap<string, string> = new Map();

/**
 * Display names of the catalog's groups, read once the fleet has loaded. Apart
 * from the status polling on purpose: names change rarely, and a slow or
 * failing read leaves the owners as refs instead of holding up the health.
 */
export function useOwnerNames(enabled: boolean): ReadonlyMap<string, string> {
  const catalogApi = useApi(catalogApiRef);
  const [names, setNames] = useState(NONE);
  useEffect(() => {
    if (!enabled) return undefined;
    let current = true;
    catalogApi
      .getEntities({ filter: { kind: 'Group' }, fields: OWNER_FIELDS })
      .then(r => {
        if (current) setNames(ownerNames(r.items));
      })
      .catch(() => {});
    return () => {
      current = false;
    };
  }, [catalogApi, enabled]);
  return names;
}
