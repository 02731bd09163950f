import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogApi } from '@backstage/plugin-catalog-react';
import {
  HealthLevel,
  StatusQueryResponse,
} from '@internal/backstage-plugin-eks-platform-common';

/** One of the signed-in user's services, as the home page lists it. */
export interface OwnService {
  entityRef: string;
  name: string;
  namespace: string;
  title?: string;
  /** Undefined when the status backend gave no answer for it (see `statusError`). */
  health?: { level: HealthLevel; reasons: string[] };
  /** Why there is no health: the backend's word for this service. */
  statusError?: string;
}

/** Only what a row needs (a team may own dozens of services). */
const OWN_SERVICE_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
];

/**
 * The Components owned by any of `ownershipEntityRefs` (the user and their
 * groups), sorted by name.
 */
export async function fetchOwnServices(
  catalogApi: CatalogApi,
  ownershipEntityRefs: string[],
): Promise<Entity[]> {
  if (ownershipEntityRefs.length === 0) return [];
  const { items } = await catalogApi.getEntities({
    filter: { kind: 'Component', 'relations.ownedBy': ownershipEntityRefs },
    fields: OWN_SERVICE_FIELDS,
    order: { field: 'metadata.name', order: 'asc' },
  });
  return items;
}

/** Joins the catalog's services with the status backend's answer. */
export function toOwnServices(
  entities: Entity[],
  status: StatusQueryResponse | undefined,
): OwnService[] {
  const health = new Map(status?.items.map(i => [i.entityRef, i.health]));
  const errors = new Map(
    status?.errors.map(e => [e.entityRef, e.error.message]),
  );
  return entities.map(entity => {
    const entityRef = stringifyEntityRef(entity);
    return {
      entityRef,
      name: entity.metadata.name,
      namespace: entity.metadata.namespace ?? 'default',
      title: entity.metadata.title,
      health: health.get(entityRef),
      statusError: errors.get(entityRef),
    };
  });
}
