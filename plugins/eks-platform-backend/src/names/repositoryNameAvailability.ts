import { ServiceNameAvailability } from '@internal/backstage-plugin-eks-platform-common';
import { CallerIdentity } from '@internal/backstage-plugin-eks-platform-node';
import { RepositoryFinding } from './RepositoryNames';

/**
 * The form's answer from what the platform's organisations hold: the first
 * repository that is not this caller's service decides (`taken-by-repository`),
 * else one that is theirs (`yours`), else `free`. The sentence names the
 * repository and never its content or owner: the caller may not be able to
 * read it.
 */
export function repositoryNameAvailability(
  name: string,
  findings: RepositoryFinding[],
  caller: CallerIdentity,
): ServiceNameAvailability {
  const entityRef = `component:default/${name}`;
  let yours: { repository: string; ownerRef: string } | undefined;
  for (const finding of findings) {
    if (!finding.exists || finding.empty) continue;
    const { declared } = finding;
    if (
      declared &&
      declared.entityRef === entityRef &&
      caller.isMemberOf(declared.ownerRef)
    ) {
      yours ??= { repository: finding.repository, ownerRef: declared.ownerRef };
      continue;
    }
    return {
      name,
      state: 'taken-by-repository',
      repository: finding.repository,
      message: `The name ${name} is taken: the repository ${finding.repository} already exists and is not a service of one of your teams. Choose another name.`,
    };
  }
  if (yours) {
    return {
      name,
      state: 'yours',
      repository: yours.repository,
      message: `The repository ${
        yours.repository
      } already holds ${name} of ${yours.ownerRef.replace(
        /^group:default\//,
        '',
      )}, one of your teams: creating it again re-runs the golden path for that service and keeps what exists.`,
    };
  }
  return { name, state: 'free' };
}
