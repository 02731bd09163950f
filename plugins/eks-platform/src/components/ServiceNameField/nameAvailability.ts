import { ApiHolder, identityApiRef } from '@backstage/core-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';

type FieldValidation = Parameters<CustomFieldValidator<unknown>>[1];

/** Title of the owning group as the catalog names it, else its ref without the default namespace. */
export function ownerDisplayName(
  ownerRef: string,
  owner: Entity | undefined,
): string {
  const title = (owner?.spec?.profile as { displayName?: string } | undefined)
    ?.displayName;
  return (
    title ?? owner?.metadata.title ?? ownerRef.replace(/^group:default\//, '')
  );
}

/**
 * Whether the service name is free, on the form's first step, so a taken
 * name fails here and not at step 2 of the run. The catalog is read with
 * the user's own token (its permission policy decides what the user may
 * see); a service the user's own team owns is a re-run, not a clash, so it
 * passes with nothing added (the run itself says what it leaves unchanged).
 */
export async function validateServiceName(
  value: unknown,
  validation: FieldValidation,
  context: { apiHolder: ApiHolder },
): Promise<void> {
  if (
    typeof value !== 'string' ||
    !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(value)
  ) {
    return; // the schema's own pattern message covers it
  }
  const catalogApi = context.apiHolder.get(catalogApiRef);
  const identityApi = context.apiHolder.get(identityApiRef);
  if (!catalogApi) return;
  const entityRef = `component:default/${value}`;
  const entity = await catalogApi.getEntityByRef(entityRef);
  if (!entity) return;
  const ownerRef = String(entity.spec?.owner ?? '');
  const ownership =
    (await identityApi?.getBackstageIdentity())?.ownershipEntityRefs ?? [];
  const fullOwnerRef = ownerRef.includes(':')
    ? ownerRef
    : `group:default/${ownerRef}`;
  if (ownership.includes(fullOwnerRef)) return;
  const owner = ownerRef
    ? await catalogApi.getEntityByRef(fullOwnerRef).catch(() => undefined)
    : undefined;
  validation.addError(
    `The name ${value} is taken: ${
      stringifyEntityRef(entity) === entityRef ? 'a service' : 'an entity'
    } of ${ownerDisplayName(
      fullOwnerRef,
      owner,
    )} already uses it. Choose another name.`,
  );
}
