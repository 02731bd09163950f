import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  GitTemplateHistory,
  readTemplateDefinition,
  renderTemplate,
} from '@internal/backstage-plugin-eks-platform-node';
import {
  GitHubSimulator,
  TEMPLATE_UPGRADE_DEMO,
} from '@internal/eks-platform-sandbox';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/*
 * The template-upgrade engine's mini template (the sandbox demo's: 1.0.0,
 * then 1.1.0 with a burn-rate alert and a workflow change), for tests of
 * the engine's users: a service generated at 1.0.0, the Template entity at
 * 1.1.0 and the config that makes it upgradable. The history itself is
 * written by the sandbox's writeDemoTemplateHistory().
 */

export const MINI_TEMPLATE_REF = TEMPLATE_UPGRADE_DEMO.templateRef;
/** Where the mini template lives in its repository. */
export const MINI_TEMPLATE_PATH = TEMPLATE_UPGRADE_DEMO.templatePath;

/** The mini template's Template entity at its current version, 1.1.0. */
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

/**
 * The files of a service `name` of `owner` as the mini template in
 * `templateRepo` generated them at its first version, 1.0.0, by the engine's
 * own renderer, for the repository `acme/<name>`.
 */
export async function miniServiceFilesAtFirstVersion(
  templateRepo: string,
  name: string,
  owner: string,
): Promise<Record<string, string>> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mini-service-gen-'));
  try {
    const template = await new GitTemplateHistory({
      gitDir: templateRepo,
      templatePath: MINI_TEMPLATE_PATH,
    }).checkout('1.0.0', work);
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

/**
 * A service generated from the mini template at `version` (default 1.0.0),
 * as the catalog holds it: registered from its repository (default
 * `acme/<name>`) in the GitHub simulator.
 */
export function miniServiceEntity(
  github: Pick<GitHubSimulator, 'host'>,
  service: { name: string; owner: string; repository?: string },
  version = '1.0.0',
): Entity {
  const slug = service.repository ?? `acme/${service.name}`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: service.name,
      namespace: 'default',
      annotations: {
        'github.com/project-slug': slug,
        'backstage.io/managed-by-location': `url:http://${github.host}/${slug}/blob/main/catalog-info.yaml`,
        'eks.platform/template-ref': MINI_TEMPLATE_REF,
        'eks.platform/template-version': version,
      },
    },
    spec: { type: 'service', owner: service.owner, lifecycle: 'production' },
  };
}

/** `eksPlatform.templateUpgrades`: the mini template upgradable from `templateRepo`. */
export function miniTemplateUpgradesConfig(templateRepo: string) {
  return {
    templates: [
      {
        ref: MINI_TEMPLATE_REF,
        repository: templateRepo,
        path: MINI_TEMPLATE_PATH,
      },
    ],
  };
}
