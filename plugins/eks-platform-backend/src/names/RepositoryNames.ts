import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  githubAccess,
  GithubClient,
  OwnershipMarker,
  readCatalogInfoMarker,
  readRepositoryFile,
  readTenancyConfig,
} from '@internal/backstage-plugin-eks-platform-node';

/** What one configured organisation holds under the name. */
export type RepositoryFinding =
  | { repository: string; exists: false }
  | {
      repository: string;
      exists: true;
      /** No commit yet (an interrupted publish): the golden path publishes into it. */
      empty: boolean;
      /** The service entity its catalog-info.yaml declares, with its owner. */
      declared?: OwnershipMarker;
    };

const CATALOG_INFO = 'catalog-info.yaml';

/**
 * Looks a service name up as a repository in the platform's own GitHub
 * organisations (`eksPlatform.tenancy.githubOrganizations`), on every
 * `integrations.github` host the platform has credentials for, with those
 * credentials (a token or GitHub App, as the scaffolder's actions use).
 * Only those organisations are ever asked: the answer says nothing about
 * any other organisation, whatever the caller sends.
 */
export class RepositoryNames {
  static fromConfig(
    config: Config,
    logger: LoggerService,
    /** A test's own credentials provider or call policy. */
    overrides: Parameters<typeof githubAccess>[1] = {},
  ): RepositoryNames {
    return new RepositoryNames(
      githubAccess(config, overrides),
      readTenancyConfig(config).githubOrganizations,
      logger,
    );
  }

  constructor(
    private readonly access: ReturnType<typeof githubAccess>,
    readonly organizations: string[],
    private readonly logger: LoggerService,
  ) {}

  /** One finding per configured organisation and GitHub host with credentials. */
  async lookup(
    name: string,
    signal?: AbortSignal,
  ): Promise<RepositoryFinding[]> {
    const { integrations, credentialsProvider, callPolicy } = this.access;
    const findings: RepositoryFinding[] = [];
    for (const integration of integrations.github.list()) {
      const host = integration.config.host;
      for (const owner of this.organizations) {
        // A host without credentials (github.com's default entry) is not
        // where the platform creates repositories: nothing to ask there.
        const { token } = await credentialsProvider
          .getCredentials({
            url: `https://${host}/${encodeURIComponent(owner)}`,
          })
          .catch(() => ({ token: undefined }));
        if (!token) continue;
        const gh = await GithubClient.create({
          integrations,
          credentialsProvider,
          ref: { host, owner, repo: name },
          policy: callPolicy,
          signal,
        });
        findings.push(await inspect(gh, name));
      }
    }
    if (findings.length === 0) {
      this.logger.warn(
        `No repository name check: no integrations.github host has credentials for eksPlatform.tenancy.githubOrganizations (${
          this.organizations.join(', ') || 'none configured'
        }).`,
      );
    }
    return findings;
  }
}

async function inspect(
  gh: GithubClient,
  name: string,
): Promise<RepositoryFinding> {
  const { owner, repo } = gh.ref;
  const repository = `${owner}/${repo}`;
  const found = await gh.call(
    'read repository',
    o => o.rest.repos.get({ owner, repo }),
    { accept: [404] },
  );
  if (!found) return { repository, exists: false };
  const branch = found.default_branch || 'main';
  // GitHub answers 409 ("Git Repository is empty") for a repository
  // without commits; readRepositoryFile reads 404 as absent.
  let text: string | undefined;
  try {
    text = await readRepositoryFile(gh, CATALOG_INFO, branch);
  } catch (error) {
    if ((error as { failure?: { status?: number } })?.failure?.status === 409)
      return { repository, exists: true, empty: true };
    throw error;
  }
  if (text === undefined) {
    const branches = await gh.must('list branches', o =>
      o.rest.repos.listBranches({ owner, repo, per_page: 1 }),
    );
    return { repository, exists: true, empty: branches.length === 0 };
  }
  const declared = readCatalogInfoMarker(text, `component:default/${name}`);
  return { repository, exists: true, empty: false, declared };
}
