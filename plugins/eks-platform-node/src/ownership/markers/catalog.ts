import { Entity } from '@backstage/catalog-model';
import yaml from 'yaml';
import { canonicalEntityRef } from '../../catalog/entityRefs';
import { OwnershipMarker } from '../marker';

/*
 * A GitHub repository's owner is the catalog's word: `spec.owner` of the
 * entity its catalog-info.yaml declares, and of the entity registered from
 * it. Bare owner names mean groups in the entity's namespace, as the
 * catalog reads them.
 */

function markerOf(entity: unknown): OwnershipMarker | undefined {
  const e = entity as Partial<Entity> | undefined;
  if (!e || typeof e !== 'object' || typeof e.kind !== 'string')
    return undefined;
  const namespace =
    typeof e.metadata?.namespace === 'string'
      ? e.metadata.namespace
      : 'default';
  const entityRef = canonicalEntityRef(
    `${e.kind}:${namespace}/${String(e.metadata?.name ?? '')}`,
  );
  const ownerRef = canonicalEntityRef((e.spec as any)?.owner, {
    defaultKind: 'group',
    defaultNamespace: namespace,
  });
  return entityRef && ownerRef ? { entityRef, ownerRef } : undefined;
}

/** The marker of a registered catalog entity (`spec.owner`). */
export function readEntityMarker(
  entity: Entity | undefined,
): OwnershipMarker | undefined {
  return markerOf(entity);
}

/**
 * The marker of a repository from the text of its catalog-info.yaml: the
 * entity `entityRef` if the file declares it, else the first entity it
 * declares with an owner (so a conflict can name who owns the repository).
 * Undefined when the file declares no owned entity or is not YAML.
 */
export function readCatalogInfoMarker(
  catalogInfo: string,
  entityRef: string,
): OwnershipMarker | undefined {
  let markers: OwnershipMarker[];
  try {
    const docs = yaml.parseAllDocuments(catalogInfo);
    markers = (Array.isArray(docs) ? docs : [])
      .filter(doc => doc.errors.length === 0)
      // A small alias budget: the file is whatever the repository holds.
      .map(doc => markerOf(doc.toJS({ maxAliasCount: 10 })))
      .filter((m): m is OwnershipMarker => m !== undefined);
  } catch {
    return undefined;
  }
  const wanted = canonicalEntityRef(entityRef);
  return markers.find(m => m.entityRef === wanted) ?? markers[0];
}
