import {
  ApiHolder,
  IdentityApi,
  identityApiRef,
} from '@backstage/core-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogApi, catalogApiRef } from '@backstage/plugin-catalog-react';
import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { isServiceName } from '@internal/backstage-plugin-eks-platform-common';
import { EksPlatformApi, eksPlatformApiRef } from '../../api';

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
 * What the catalog, then the platform's GitHub organisations, say about a
 * service name: free, taken by someone else (the form refuses it), or a
 * service of one of the user's own teams (allowed: creating it again
 * re-runs the golden path, and the user is told so rather than refused).
 */
export type NameAvailability =
  | { state: 'free' }
  | { state: 'taken'; message: string }
  | { state: 'yours'; message: string };

/**
 * Looks the name up in the catalog with the user's own token (its
 * permission policy decides what the user may see) and, when the catalog
 * has no such entity, as a repository in the platform's GitHub
 * organisations (the eks-platform backend asks GitHub with the platform's
 * credentials): a repository outside the catalog would stop the run at its
 * preflight step. A malformed name is `free` here: the schema's own
 * messages cover it.
 */
export async function checkNameAvailability(
  value: unknown,
  apis: {
    catalogApi: CatalogApi;
    identityApi?: IdentityApi;
    eksPlatformApi?: EksPlatformApi;
  },
): Promise<NameAvailability> {
  if (!isServiceName(value)) {
    return { state: 'free' };
  }
  const { catalogApi, identityApi, eksPlatformApi } = apis;
  const entityRef = `component:default/${value}`;
  const entity = await catalogApi.getEntityByRef(entityRef);
  if (!entity) return checkRepository(value, eksPlatformApi);
  const ownerRef = String(entity.spec?.owner ?? '');
  const fullOwnerRef = ownerRef.includes(':')
    ? ownerRef
    : `group:default/${ownerRef}`;
  const owner = ownerRef
    ? await catalogApi.getEntityByRef(fullOwnerRef).catch(() => undefined)
    : undefined;
  const ownerName = ownerDisplayName(fullOwnerRef, owner);
  const ownership =
    (await identityApi?.getBackstageIdentity())?.ownershipEntityRefs ?? [];
  if (ownership.includes(fullOwnerRef)) {
    return {
      state: 'yours',
      message: `${ownerName}, one of your teams, already owns ${value}: creating it again re-runs the golden path for that service. What exists is kept (repository, catalog entry, deployments); the run lists what it did not change and how to change it.`,
    };
  }
  return {
    state: 'taken',
    message: `The name ${value} is taken: ${
      stringifyEntityRef(entity) === entityRef ? 'a service' : 'an entity'
    } of ${ownerName} already uses it. Choose another name.`,
  };
}

/** The repository half: `taken-by-repository` is refused like a catalog clash. */
async function checkRepository(
  name: string,
  eksPlatformApi: EksPlatformApi | undefined,
): Promise<NameAvailability> {
  if (!eksPlatformApi) return { state: 'free' };
  // An unanswered check (GitHub down, rate limited) blocks nobody: the
  // run's preflight step still refuses a taken repository before anything
  // is created.
  const answer = await eksPlatformApi
    .checkServiceName(name)
    .catch(() => undefined);
  if (!answer) return { state: 'free' };
  if (answer.state === 'free' || !answer.message) return { state: 'free' };
  return {
    state: answer.state === 'yours' ? 'yours' : 'taken',
    message: answer.message,
  };
}

/**
 * Whether the service name is free, on the form's first step, so a taken
 * name fails here and not at step 2 of the run. A service the user's own
 * team owns is a re-run, not a clash: it passes (the field itself says it
 * is a re-run, see ServiceNameField).
 */
export async function validateServiceName(
  value: unknown,
  validation: FieldValidation,
  context: { apiHolder: ApiHolder },
): Promise<void> {
  const catalogApi = context.apiHolder.get(catalogApiRef);
  if (!catalogApi) return;
  const identityApi = context.apiHolder.get(identityApiRef);
  const eksPlatformApi = context.apiHolder.get(eksPlatformApiRef);
  const availability = await checkNameAvailability(value, {
    catalogApi,
    identityApi,
    eksPlatformApi,
  });
  if (availability.state === 'taken') {
    validation.addError(availability.message);
  }
}
