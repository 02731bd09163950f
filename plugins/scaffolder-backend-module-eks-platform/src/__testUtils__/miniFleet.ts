import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { JsonObject } from '@backstage/types';
import {
  GitTemplateHistory,
  readTemplateDefinition,
  renderTemplate,
} from '@internal/backstage-plugin-eks-platform-node';
import {
  GitHubSimulator,
  startGitHubSimulator,
  TEMPLATE_UPGRADE_DEMO,
  writeDemoTemplateHistory,
} from '@internal/eks-platform-sandbox';
import { Octokit } from '@octokit/rest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEAM_A, TEAM_B, withPlatformTrust } from './trust';

/*
 * A small fleet for the "Upgrade services" tests: services generated at
 * 1.0.0 of the engine's mini template (whose history then has 1.1.0), each
 * in its own repository of the sandbox GitHub (real git), registered in the
 * catalog with the owner and system their catalog-info.yaml declares.
 */

export const MINI_TEMPLATE_REF = TEMPLATE_UPGRADE_DEMO.templateRef;
/** Where the mini template lives in its repository. */
export const MINI_TEMPLATE_PATH = TEMPLATE_UPGRADE_DEMO.templatePath;
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

/** A service's files as the mini template generated them at 1.0.0 (its own renderer). */
export async function generatedServiceFiles(
  templateRepo: string,
  name: string,
  owner: string,
): Promise<Record<string, string>> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'upgrade-fleet-gen-'));
  try {
    const history = new GitTemplateHistory({
      gitDir: templateRepo,
      templatePath: MINI_TEMPLATE_PATH,
    });
    const template = await history.checkout('1.0.0', work);
    const tree = await renderTemplate({
      template,
      definition: await readTemplateDefinition(template),
      values: {
        name,
        owner,
        replicas: 2,
        repoUrl: `github.com?owner=acme&repo=${name}`,
        template: { ref: MINI_TEMPLATE_REF, version: '1.0.0' },
      },
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
      workDir: path.join(work, 'render'),
    });
    return Object.fromEntries([...tree].map(([p, f]) => [p, f.content]));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The fleet in a fresh sandbox GitHub. */
export async function startFleetGitHub(
  templateRepo: string,
): Promise<GitHubSimulator> {
  const repositories = await Promise.all(
    FLEET.map(async s => ({
      owner: 'acme',
      name: s.name,
      files: await generatedServiceFiles(templateRepo, s.name, s.owner),
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
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: service.name,
      namespace: 'default',
      annotations: {
        'github.com/project-slug': `acme/${service.name}`,
        'backstage.io/managed-by-location': `url:http://${github.host}/acme/${service.name}/blob/main/catalog-info.yaml`,
        'eks.platform/template-ref': MINI_TEMPLATE_REF,
        'eks.platform/template-version': version,
      },
    },
    spec: {
      type: 'service',
      owner: service.owner,
      lifecycle: 'production',
      system: SYSTEM,
    },
    relations: [
      { type: 'ownedBy', targetRef: service.owner },
      { type: 'partOf', targetRef: SYSTEM },
    ],
  };
}

/** The mini template's Template entity at its current version. */
export const MINI_TEMPLATE_ENTITY: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name: 'mini-service',
    namespace: 'default',
    annotations: { 'eks.platform/template-version': '1.1.0' },
  },
  spec: { type: 'service', owner: 'group:default/platform', steps: [] },
};

/** Platform config: the simulator as the GitHub integration, the mini template as upgradable. */
export function fleetConfig(
  github: GitHubSimulator,
  templateRepo: string,
  extra: JsonObject = {},
): JsonObject {
  return withPlatformTrust({
    ...extra,
    integrations: {
      github: [
        {
          host: github.host,
          apiBaseUrl: github.apiBaseUrl,
          token: github.token,
        },
      ],
    },
    eksPlatform: {
      ...((extra.eksPlatform as JsonObject) ?? {}),
      templateUpgrades: {
        templates: [
          {
            ref: MINI_TEMPLATE_REF,
            repository: templateRepo,
            path: 'templates/mini-service',
          },
        ],
      },
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
