import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { ScmIntegrations } from '@backstage/integration';
import {
  GitTemplateHistory,
  readTemplateDefinition,
  renderTemplate,
} from '@internal/backstage-plugin-eks-platform-node';
import {
  GitHubSimulator,
  startGitHubSimulator,
} from '@internal/eks-platform-sandbox';
import { Octokit } from '@octokit/rest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTemplateUpgradeAction } from '../actions/templateUpgrade/templateUpgrade';
import { testCallPolicy } from './testContext';
import { TEAM_A, testTrust, withPlatformTrust } from './trust';

/*
 * What eks:template:upgrade runs on in the tests: the engine's mini
 * template (versions 1.0.0 and 1.1.0 in a real git history), a service
 * "orders" of team-a generated from 1.0.0 with the template's own renderer,
 * pushed to the GitHub simulator, and its catalog entity.
 */

/** The mini template's versions (the engine's test fixture), one folder each. */
const FIXTURES = path.resolve(
  __dirname,
  '../../../eks-platform-node/src/templateUpgrade/__fixtures__/mini-template',
);
export const TEMPLATE_REF = 'template:default/mini-service';
const TEMPLATE_PATH = 'templates/mini-service';

/** A template repository whose history has 1.0.0 then 1.1.0; remove it when done. */
export function templateRepository(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upgrade-action-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Platform',
        GIT_AUTHOR_EMAIL: 'platform@example.com',
        GIT_COMMITTER_NAME: 'Platform',
        GIT_COMMITTER_EMAIL: 'platform@example.com',
      },
    });
  git('init', '--quiet');
  for (const version of ['v1.0.0', 'v1.1.0']) {
    const target = path.join(dir, TEMPLATE_PATH);
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(path.join(FIXTURES, version), target, { recursive: true });
    git('add', '--all');
    git('commit', '--quiet', '-m', version);
  }
  return dir;
}

/** The files of a service `name` of `owner` generated from version 1.0.0. */
export async function generatedService(
  templateRepo: string,
  name: string,
  owner: string,
): Promise<Record<string, string>> {
  // The repoUrl's host only names the project slug's owner/repo.
  const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'upgrade-gen-'));
  try {
    const history = new GitTemplateHistory({
      gitDir: templateRepo,
      templatePath: TEMPLATE_PATH,
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
        template: { ref: TEMPLATE_REF, version: '1.0.0' },
      },
      integrations,
      workDir: path.join(work, 'render'),
    });
    return Object.fromEntries([...tree].map(([p, f]) => [p, f.content]));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

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
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders',
      namespace: 'default',
      annotations: {
        'github.com/project-slug': 'acme/orders',
        'backstage.io/managed-by-location': `url:http://${github.host}/acme/orders/blob/main/catalog-info.yaml`,
        'eks.platform/template-ref': TEMPLATE_REF,
        'eks.platform/template-version': '1.0.0',
      },
    },
    spec: { type: 'service', owner: TEAM_A, lifecycle: 'production' },
  };
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
