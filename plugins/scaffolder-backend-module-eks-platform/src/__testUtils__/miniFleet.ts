import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import {
  GitHubSimulator,
  gitHubSimulatorIntegrations,
  startGitHubSimulator,
  writeDemoTemplateHistory,
} from '@internal/eks-platform-sandbox';
import {
  miniServiceEntity,
  miniServiceFilesAtFirstVersion,
  miniTemplateUpgradesConfig,
} from '@internal/eks-platform-test-utils';
import { Octokit } from '@octokit/rest';
import { TEAM_A, TEAM_B, withPlatformTrust } from './trust';

/*
 * A small fleet for the "Upgrade services" tests: services generated at
 * 1.0.0 of the engine's mini template (whose history then has 1.1.0), each
 * in its own repository of the sandbox GitHub (real git), registered in the
 * catalog with the owner and system their catalog-info.yaml declares.
 */

export {
  MINI_TEMPLATE_ENTITY,
  MINI_TEMPLATE_PATH,
  MINI_TEMPLATE_REF,
} from '@internal/eks-platform-test-utils';
export const SYSTEM = 'system:default/commerce';

/** The fleet: two services of team-a and one of team-b, all in one system. */
export const FLEET = [
  { name: 'orders', owner: TEAM_A },
  { name: 'ledger', owner: TEAM_A },
  { name: 'billing', owner: TEAM_B },
];

/** A template repository whose history has the mini template's 1.0.0 then 1.1.0 (the sandbox demo's). */
export function miniTemplateRepository(): string {
  return writeDemoTemplateHistory();
}

/** The fleet in a fresh sandbox GitHub. */
export async function startFleetGitHub(
  templateRepo: string,
): Promise<GitHubSimulator> {
  const repositories = await Promise.all(
    FLEET.map(async s => ({
      owner: 'acme',
      name: s.name,
      files: await miniServiceFilesAtFirstVersion(
        templateRepo,
        s.name,
        s.owner,
      ),
    })),
  );
  return startGitHubSimulator({ users: ['jdoe'], repositories });
}

/** A service of the fleet as the catalog holds it (with the relations the catalog computes). */
export function fleetEntity(
  github: GitHubSimulator,
  service: { name: string; owner: string },
  version = '1.0.0',
): Entity {
  const entity = miniServiceEntity(github, service, version);
  return {
    ...entity,
    spec: { ...entity.spec, system: SYSTEM },
    relations: [
      { type: 'ownedBy', targetRef: service.owner },
      { type: 'partOf', targetRef: SYSTEM },
    ],
  };
}

/** Platform config: the simulator as the GitHub integration, the mini template as upgradable. */
export function fleetConfig(
  github: GitHubSimulator,
  templateRepo: string,
  extra: JsonObject = {},
): JsonObject {
  return withPlatformTrust({
    ...extra,
    integrations: gitHubSimulatorIntegrations(github),
    eksPlatform: {
      ...((extra.eksPlatform as JsonObject) ?? {}),
      templateUpgrades: miniTemplateUpgradesConfig(templateRepo),
    },
  });
}

/** Pull requests and branches per repository: what a run wrote. */
export async function fleetWrites(github: GitHubSimulator) {
  const octokit = new Octokit({
    auth: github.token,
    baseUrl: github.apiBaseUrl,
  });
  const writes: Record<string, { pulls: number; branches: string[] }> = {};
  for (const { name } of FLEET) {
    const pulls = await octokit.rest.pulls.list({
      owner: 'acme',
      repo: name,
      state: 'all',
    });
    const branches = await octokit.rest.repos.listBranches({
      owner: 'acme',
      repo: name,
    });
    writes[name] = {
      pulls: pulls.data.length,
      branches: branches.data.map(b => b.name).sort(),
    };
  }
  return writes;
}
