import { Entity } from '@backstage/catalog-model';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { GithubClient } from '../clients/github/GithubClient';
import { readRepositoryFile } from '../clients/github/readRepositoryFile';
import { CallerIdentity } from '../identity/CallerIdentity';
import {
  readCatalogInfoMarker,
  readEntityMarker,
} from '../ownership/markers/catalog';
import { checkEntityRef } from '../validation/inputs';

/** What the ownership check reads: the catalog, with the plugin's own credentials. */
export interface UpgradeTrustDeps {
  catalog: CatalogService;
  auth: AuthService;
}

/** Who asks to upgrade which service, as the catalog says. */
export interface UpgradeTrust {
  caller: CallerIdentity;
  entityRef: string;
  ownerRef: string;
  entity: Entity;
}

/**
 * Before anything is read from GitHub or written: the service must be in the
 * catalog with an owner, and the caller (the user running the task, or the
 * user behind a portal request) must be a member of that owner or a
 * platform admin (NotAllowedError otherwise); adopting a repository without
 * a record is for platform admins only. Shared by eks:template:upgrade, its
 * agent tools and the portal's upgrade routes, so all refuse alike.
 */
export async function resolveUpgradeTrust(
  options: UpgradeTrustDeps,
  resolveCaller: () => Promise<CallerIdentity>,
  request: { entityRef: string; adopt: boolean },
): Promise<UpgradeTrust> {
  const entityRef = checkEntityRef(
    'entityRef',
    request.entityRef,
    'component',
    {
      example: 'component:default/orders',
    },
  );
  const caller = await resolveCaller();
  const entity = await options.catalog.getEntityByRef(entityRef, {
    credentials: await options.auth.getOwnServiceCredentials(),
  });
  if (!entity) {
    throw new NotFoundError(
      `${entityRef} is not in the catalog; only registered services can be upgraded.`,
    );
  }
  const ownerRef = readEntityMarker(entity)?.ownerRef;
  if (!ownerRef) {
    throw new ConflictError(
      `${entityRef} has no valid spec.owner, so nobody can be checked as its owner; nothing was changed. Fix the entity's spec.owner first.`,
    );
  }
  if (!caller.isPlatformAdmin) {
    caller.requireMemberOf(ownerRef, entityRef);
  }
  if (request.adopt && !caller.isPlatformAdmin) {
    throw new NotAllowedError(
      `${caller.userEntityRef} may not use "adopt": only platform admins (eksPlatform.platformAdmins) record the template version of a repository that has none. Ask a platform admin to adopt ${entityRef}.`,
    );
  }
  return { caller, entityRef, ownerRef, entity };
}

/**
 * The repository must be the service's own: its catalog-info.yaml on the
 * default branch declares the entity with the owner the catalog has. Read
 * only; anything else is a ConflictError before any write.
 */
export async function checkServiceRepository(
  gh: GithubClient,
  trust: UpgradeTrust,
): Promise<void> {
  const { owner, repo } = gh.ref;
  const repository = await gh.call(
    'read repository',
    o => o.rest.repos.get({ owner, repo }),
    { accept: [404] },
  );
  if (!repository) {
    throw new NotFoundError(
      `${owner}/${repo} does not exist (or the integration's token cannot see it).`,
    );
  }
  const text = await readRepositoryFile(
    gh,
    'catalog-info.yaml',
    repository.default_branch,
  );
  const marker =
    text === undefined
      ? undefined
      : readCatalogInfoMarker(text, trust.entityRef);
  if (!marker || marker.ownerRef !== trust.ownerRef) {
    throw new ConflictError(
      `${owner}/${repo} is not ${trust.entityRef}'s repository: its catalog-info.yaml does not declare ${trust.entityRef} owned by ${trust.ownerRef}. Nothing was changed; name the service's own repository in "repoUrl".`,
    );
  }
}
