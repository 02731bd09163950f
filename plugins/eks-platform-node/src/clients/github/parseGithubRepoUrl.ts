import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { parseRepoUrl } from '@backstage/plugin-scaffolder-node';

export interface GithubRepoRef {
  host: string;
  owner: string;
  repo: string;
}

/** Parses a RepoUrlPicker value (`host?owner=o&repo=r`) into its parts. */
export function parseGithubRepoUrl(
  field: string,
  repoUrl: string,
  integrations: ScmIntegrationRegistry,
): GithubRepoRef {
  let parsed;
  try {
    parsed = parseRepoUrl(repoUrl, integrations);
  } catch (error) {
    throw new InputError(
      `Invalid input "${field}": ${
        (error as Error).message
      }. Use the RepoUrlPicker format "github.com?owner=<owner>&repo=<repo>".`,
    );
  }
  if (!parsed.owner) {
    throw new InputError(
      `Invalid input "${field}": "${repoUrl}" has no owner; use "github.com?owner=<owner>&repo=<repo>".`,
    );
  }
  if (!integrations.github.byHost(parsed.host)) {
    throw new InputError(
      `Invalid input "${field}": no GitHub integration is configured for host "${parsed.host}"; add it under integrations.github in app-config.`,
    );
  }
  for (const [part, value] of [
    ['owner', parsed.owner],
    ['repo', parsed.repo],
  ]) {
    if (
      !/^[A-Za-z0-9_.-]{1,100}$/.test(value) ||
      value === '.' ||
      value === '..'
    ) {
      throw new InputError(
        `Invalid input "${field}": ${part} ${JSON.stringify(
          value,
        )} is not a GitHub name (letters, digits, "_.-").`,
      );
    }
  }
  return { host: parsed.host, owner: parsed.owner, repo: parsed.repo };
}
