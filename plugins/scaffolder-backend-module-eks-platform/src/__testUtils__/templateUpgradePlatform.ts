import fs from 'node:fs';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import {
  GitHubSimulator,
  startGitHubSimulator,
} from '@internal/eks-platform-sandbox';
import {
  miniServiceEntity,
  miniServiceFilesAtFirstVersion,
} from '@internal/eks-platform-test-utils';
import { Octokit } from '@octokit/rest';
import { createTemplateUpgradeAction } from '../actions/templateUpgrade/templateUpgrade';
import { testCallPolicy } from './testContext';
import { TEAM_A, testTrust, withPlatformTrust } from './trust';
import {
  MINI_TEMPLATE_PATH,
  MINI_TEMPLATE_REF,
  miniTemplateRepository,
} from './miniFleet';

/*
 * What eks:template:upgrade runs on in the tests: the engine's mini
 * template (versions 1.0.0 and 1.1.0 in a real git history), a service
 * "orders" of team-a generated from 1.0.0 with the template's own renderer,
 * pushed to the GitHub simulator, and its catalog entity.
 */

/** The mini template's ref and its repository (1.0.0 then 1.1.0), shared with the fleet tests. */
export const TEMPLATE_REF = MINI_TEMPLATE_REF;
const TEMPLATE_PATH = MINI_TEMPLATE_PATH;

/** A template repository whose history has 1.0.0 then 1.1.0; remove it when done. */
export const templateRepository = miniTemplateRepository;

/** The files of a service `name` of `owner` generated from version 1.0.0. */
export const generatedService = miniServiceFilesAtFirstVersion;

export interface UpgradePlatform {
  github: GitHubSimulator;
  /** component:default/orders, generated from TEMPLATE_REF 1.0.0. */
  entity: Entity;
  /**
   * The action as the module builds it. `templateRefs` are the refs the
   * mini template is configured under (default TEMPLATE_REF); `entities`
   * are added to the catalog beside `entity`.
   */
  action(options?: {
    templateRefs?: string[];
    entities?: Entity[];
  }): ReturnType<typeof createTemplateUpgradeAction>;
  /** Pull requests and branches of acme/orders. */
  writes(): Promise<{ pulls: number; branches: string[] }>;
  close(): Promise<void>;
}

/**
 * Starts the GitHub simulator with acme/orders (and `repositories`). The
 * GitHub integration is configured for the simulator's host and for
 * github.com (pointing at the simulator), so documented inputs naming
 * github.com run unchanged.
 */
export async function startUpgradePlatform(
  templateRepo: string,
  repositories: Array<{
    owner: string;
    name: string;
    files: Record<string, string>;
  }> = [],
): Promise<UpgradePlatform> {
  const files = await generatedService(templateRepo, 'orders', TEAM_A);
  const github = await startGitHubSimulator({
    users: ['jdoe'],
    repositories: [{ owner: 'acme', name: 'orders', files }, ...repositories],
  });
  const octokit = new Octokit({
    auth: github.token,
    baseUrl: github.apiBaseUrl,
  });
  const entity = miniServiceEntity(github, { name: 'orders', owner: TEAM_A });
  return {
    github,
    entity,
    action(options = {}) {
      const integration = {
        apiBaseUrl: github.apiBaseUrl,
        token: github.token,
      };
      const data = withPlatformTrust({
        integrations: {
          github: [
            { host: github.host, ...integration },
            { host: 'github.com', ...integration },
          ],
        },
        eksPlatform: {
          templateUpgrades: {
            templates: (options.templateRefs ?? [TEMPLATE_REF]).map(ref => ({
              ref,
              repository: templateRepo,
              path: TEMPLATE_PATH,
            })),
          },
        },
      });
      return createTemplateUpgradeAction({
        config: new ConfigReader(data),
        callPolicy: testCallPolicy({}, 10_000).policy,
        ...testTrust(data, [entity, ...(options.entities ?? [])]),
      });
    },
    async writes() {
      const pulls = await octokit.rest.pulls.list({
        owner: 'acme',
        repo: 'orders',
        state: 'all',
      });
      const branches = await octokit.rest.repos.listBranches({
        owner: 'acme',
        repo: 'orders',
      });
      return {
        pulls: pulls.data.length,
        branches: branches.data.map(b => b.name),
      };
    },
    close: () => github.close(),
  };
}

type Repository = {
  owner: string;
  name: string;
  files: Record<string, string>;
};

/**
 * Registers a describe block's hooks: one template repository for the
 * block, a fresh platform (GitHub simulator with acme/orders and
 * `repositories`) per test. Returns the current test's platform.
 */
export function useUpgradePlatform(
  repositories: (
    templateRepo: string,
  ) => Promise<Repository[]> | Repository[] = () => [],
): () => UpgradePlatform {
  let templateRepo: string;
  let platform: UpgradePlatform;
  beforeAll(() => {
    templateRepo = templateRepository();
  });
  afterAll(() => {
    fs.rmSync(templateRepo, { recursive: true, force: true });
  });
  beforeEach(async () => {
    platform = await startUpgradePlatform(
      templateRepo,
      await repositories(templateRepo),
    );
  });
  afterEach(() => platform.close());
  return () => platform;
}
