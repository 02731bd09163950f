import {
  GithubClient,
  readCatalogInfoMarker,
} from '@internal/backstage-plugin-eks-platform-node';
import { Entity } from '@backstage/catalog-model';
import { ConflictError } from '@backstage/errors';
import yaml from 'yaml';
import { ServiceTrust, decideForService } from '../../lib/serviceTrust';

export interface RepositoryState {
  exists: boolean;
  /** The repository holds no commit yet (an interrupted publish). */
  empty: boolean;
  remoteUrl?: string;
  htmlUrl?: string;
  defaultBranch: string;
}

/**
 * What is in the repository: nothing, an empty repository left by an
 * interrupted publish, or this very service with the same owner. Anything
 * else is a conflict: no catalog file, another entity, or this entity with
 * another owner (named in the message), so the golden path stops here,
 * before any side effect.
 */
export async function inspectRepository(
  gh: GithubClient,
  trust: ServiceTrust,
  componentName: string,
  catalogInfoPath: string,
  defaultBranch: string,
): Promise<RepositoryState> {
  const repo = await gh.call(
    'read repository',
    o => o.rest.repos.get({ owner: gh.ref.owner, repo: gh.ref.repo }),
    { accept: [404] },
  );
  if (!repo) return { exists: false, empty: true, defaultBranch };

  const branch = repo.default_branch || defaultBranch;
  const state: RepositoryState = {
    exists: true,
    empty: false,
    remoteUrl: repo.clone_url,
    htmlUrl: repo.html_url,
    defaultBranch: branch,
  };
  // GitHub answers 404 for a missing file and 409 for an empty repository.
  let file: any;
  try {
    file = await gh.call(
      `read ${catalogInfoPath}`,
      o =>
        o.rest.repos.getContent({
          owner: gh.ref.owner,
          repo: gh.ref.repo,
          path: catalogInfoPath,
          ref: branch,
        }),
      { accept: [404] },
    );
  } catch (error) {
    if ((error as any)?.failure?.status === 409)
      return { ...state, empty: true };
    throw error;
  }
  if (!file) {
    const branches = await gh.must('list branches', o =>
      o.rest.repos.listBranches({
        owner: gh.ref.owner,
        repo: gh.ref.repo,
        per_page: 1,
      }),
    );
    if (branches.length === 0) return { ...state, empty: true };
    throw new ConflictError(
      `Repository ${gh.ref.owner}/${gh.ref.repo} already exists and has no ${catalogInfoPath}: it was not created by this template. Choose another repository name, or delete or rename the existing repository.`,
    );
  }
  const text = Buffer.from(String(file.content ?? ''), 'base64').toString(
    'utf8',
  );
  const names = yaml
    .parseAllDocuments(text)
    .map(doc => (doc.toJS() as any)?.metadata?.name)
    .filter(Boolean);
  if (!names.includes(componentName)) {
    throw new ConflictError(
      `Repository ${gh.ref.owner}/${gh.ref.repo} already exists and describes ${
        names.length ? names.map(n => `"${n}"`).join(', ') : 'no entity'
      }, not "${componentName}". Choose another repository name.`,
    );
  }
  // Ours only with the same owner: spec.owner is the repository's marker.
  decideForService(
    trust,
    `Repository ${gh.ref.owner}/${gh.ref.repo}`,
    true,
    readCatalogInfoMarker(text, trust.requested.entityRef),
  );
  return state;
}

export interface CatalogState {
  registered: boolean;
  entityRef?: string;
}

/**
 * Whether the component is in the catalog already, and from where (its
 * owner was checked by resolveServiceTrust). A component of the same name
 * registered from another location is a conflict: registering ours would
 * fail after everything else was created.
 */
export function inspectCatalog(
  entity: Entity | undefined,
  entityRef: string,
  catalogInfoUrl: string,
): CatalogState {
  if (!entity) return { registered: false };
  const origin =
    entity.metadata.annotations?.['backstage.io/managed-by-origin-location'] ??
    '';
  if (origin === `url:${catalogInfoUrl}`)
    return { registered: true, entityRef };
  throw new ConflictError(
    `The catalog already has ${entityRef} from ${
      origin || 'another location'
    }. Choose another service name.`,
  );
}
