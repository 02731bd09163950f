import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_TEMPLATE_REF,
  ANNOTATION_TEMPLATE_VERSION,
} from '@internal/backstage-plugin-eks-platform-common';
import {
  canonicalEntityRef,
  compareTemplateVersions,
  isTemplateVersion,
} from '@internal/backstage-plugin-eks-platform-node';

/**
 * At most this many services per run: every service is one upgrade (two
 * template renders, a three-way merge and GitHub calls) inside one task, and
 * fifty pull requests are already more than one review round can follow.
 */
export const MAX_SELECTED_SERVICES = 50;

/** What the form asked for, validated. */
export type FleetSelection =
  | { mode: 'one'; entityRef: string; targetVersion?: string }
  | {
      mode: 'selection';
      ownerRef?: string;
      systemRef?: string;
      onlyBehind: boolean;
      targetVersion?: string;
    };

/** One selected service, as the upgrade step needs it. */
export interface SelectedService {
  entityRef: string;
  ownerRef?: string;
  templateRef: string;
  /** The version its eks.platform/template-version annotation records ('' when none is valid). */
  currentVersion: string;
  /** The version to upgrade to: the one asked for, else the Template entity's current one ('' when unknown). */
  targetVersion: string;
  /** Whether currentVersion is older than targetVersion. */
  behind: boolean;
}

/** `relations.ownedBy` target of the entity, canonical. */
function ownerOf(entity: Entity): string | undefined {
  return entity.relations?.find(r => r.type === 'ownedBy')?.targetRef;
}

/**
 * The selected services, read with the caller's credentials (the catalog's
 * permission rules decide what the caller may see: a service they may not
 * read is neither listed nor counted). Read only.
 */
export async function selectServices(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  selection: FleetSelection,
): Promise<SelectedService[]> {
  const entities =
    selection.mode === 'one'
      ? [await oneService(catalog, credentials, selection.entityRef)]
      : await fleetServices(catalog, credentials, selection);

  const latest = await latestTemplateVersions(
    catalog,
    credentials,
    entities.map(e => e.metadata.annotations![ANNOTATION_TEMPLATE_REF]),
  );
  const services = entities.map(entity => {
    const annotations = entity.metadata.annotations ?? {};
    const templateRef = annotations[ANNOTATION_TEMPLATE_REF];
    const current = annotations[ANNOTATION_TEMPLATE_VERSION];
    const currentVersion = isTemplateVersion(current) ? current : '';
    const targetVersion =
      selection.targetVersion ??
      latest.get(canonicalEntityRef(templateRef) ?? '') ??
      '';
    return {
      entityRef: stringifyEntityRef(entity),
      ownerRef: ownerOf(entity),
      templateRef,
      currentVersion,
      targetVersion,
      behind:
        !!currentVersion &&
        !!targetVersion &&
        compareTemplateVersions(currentVersion, targetVersion) < 0,
    };
  });
  return selection.mode === 'selection' && selection.onlyBehind
    ? services.filter(s => s.behind)
    : services;
}

async function oneService(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  entityRef: string,
): Promise<Entity> {
  const entity = await catalog.getEntityByRef(entityRef, { credentials });
  if (!entity) {
    throw new NotFoundError(
      `${entityRef} is not in the catalog, or you may not read it; pick a service from the list.`,
    );
  }
  if (!entity.metadata.annotations?.[ANNOTATION_TEMPLATE_REF]) {
    throw new InputError(
      `${entityRef} has no ${ANNOTATION_TEMPLATE_REF} annotation: it was not made from a versioned template. A platform admin can adopt it with eks:template:upgrade's "adopt" input.`,
    );
  }
  return entity;
}

async function fleetServices(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  selection: Extract<FleetSelection, { mode: 'selection' }>,
): Promise<Entity[]> {
  // Owner and system through the relations the catalog computed (refs in
  // any spelling of spec.owner/spec.system match), the template annotation
  // as a predicate (key-value filters cannot say "exists" without a symbol
  // from another package).
  const filter: Record<string, string> = { kind: 'component' };
  if (selection.ownerRef) filter['relations.ownedBy'] = selection.ownerRef;
  if (selection.systemRef) filter['relations.partOf'] = selection.systemRef;
  // One more than the cap tells "too many" without reading the whole fleet.
  const { items, totalItems } = await catalog.queryEntities(
    {
      filter,
      // ANNOTATION_TEMPLATE_REF, spelled out: the predicate type wants literal keys.
      query: {
        'metadata.annotations.eks.platform/template-ref': { $exists: true },
      },
      orderFields: { field: 'metadata.name', order: 'asc' },
      limit: MAX_SELECTED_SERVICES + 1,
    },
    { credentials },
  );
  const behindOnly = selection.onlyBehind
    ? ' (before the "only services behind" filter)'
    : '';
  if (items.length > MAX_SELECTED_SERVICES) {
    throw new InputError(
      `The selection has ${Math.max(
        totalItems,
        items.length,
      )} services${behindOnly}; one run upgrades at most ${MAX_SELECTED_SERVICES}. Narrow it: pick an owner and a system, or run it once per system.`,
    );
  }
  if (items.length === 0) {
    throw new NotFoundError(
      `No service made from a versioned template matches ${[
        selection.ownerRef && `owner ${selection.ownerRef}`,
        selection.systemRef && `system ${selection.systemRef}`,
      ]
        .filter(Boolean)
        .join(' and ')} among the services you may read; nothing to upgrade.`,
    );
  }
  return items;
}

/** The eks.platform/template-version of each Template entity, by lower-case ref. */
async function latestTemplateVersions(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  templateRefs: string[],
): Promise<Map<string, string>> {
  // An annotation is free text: only refs to Template entities are looked up.
  const refs = [
    ...new Set(
      templateRefs.flatMap(
        r => canonicalEntityRef(r, { kinds: ['template'] }) ?? [],
      ),
    ),
  ];
  if (refs.length === 0) return new Map();
  const { items } = await catalog.getEntitiesByRefs(
    { entityRefs: refs, fields: ['kind', 'metadata'] },
    { credentials },
  );
  const versions = new Map<string, string>();
  items.forEach((template, i) => {
    const version =
      template?.metadata.annotations?.[ANNOTATION_TEMPLATE_VERSION];
    if (isTemplateVersion(version)) versions.set(refs[i], version);
  });
  return versions;
}
