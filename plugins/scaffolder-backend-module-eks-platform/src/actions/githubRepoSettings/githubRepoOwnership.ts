import {
  GithubClient,
  readCatalogInfoMarker,
  readRepositoryFile,
} from '@internal/backstage-plugin-eks-platform-node';
import { InputError } from '@backstage/errors';
import { ServiceTrust, decideForService } from '../../lib/serviceTrust';

/**
 * The repository must be the service's own: its catalog-info.yaml (on the
 * default branch) declares the service's entity with the same owner. A
 * repository that declares another entity or owner is a ConflictError; one
 * without a catalog-info.yaml carries no owner marker, so only a platform
 * admin may configure it, with adoptExisting. Read-only: GitHub
 * repositories carry their marker in catalog-info.yaml, which publish:github
 * puts there.
 */
export async function checkRepositoryOwnership(
  gh: GithubClient,
  trust: ServiceTrust,
  catalogInfoPath = 'catalog-info.yaml',
) {
  const { owner, repo } = gh.ref;
  const repository = await gh.call(
    'read repository',
    o => o.rest.repos.get({ owner, repo }),
    { accept: [404] },
  );
  if (!repository) {
    throw new InputError(
      `Invalid input "repoUrl": ${owner}/${repo} does not exist (or the integration's token cannot see it); publish it first (publish:github).`,
    );
  }
  const text = await readRepositoryFile(
    gh,
    catalogInfoPath,
    repository.default_branch,
  );
  return decideForService(
    trust,
    `GitHub repository ${owner}/${repo} (its ${catalogInfoPath})`,
    true,
    text === undefined
      ? undefined
      : readCatalogInfoMarker(text, trust.requested.entityRef),
  );
}
