import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SeedRepository } from '../github';
import { repositoryRoot } from '../upstreams';
import { writeTemplateHistory } from './templateHistory';
import legacyServiceFiles from './legacyServiceFiles.json';

/**
 * The template-upgrade demo (docs/template-upgrades.md, "In the portal"):
 * the golden path has one released version in this repository's history, so
 * no demo service can be behind it. The demo uses the engine's own test
 * template instead (plugins/eks-platform-node/…/__fixtures__/mini-template,
 * v1.0.0 then v1.1.0) and one service generated from its 1.0.0.
 */
export const TEMPLATE_UPGRADE_DEMO = {
  /** The Template entity in catalog/demo/template-upgrades.yaml (at 1.1.0). */
  templateRef: 'template:default/mini-service',
  templatePath: 'templates/mini-service',
  /** The Component in catalog/demo/template-upgrades.yaml (at 1.0.0). */
  service: {
    name: 'legacy-invoicing',
    owner: 'group:default/team-commerce',
    repository: { owner: 'acme', name: 'legacy-invoicing' },
  },
} as const;

/** The engine's mini template, one folder per version. */
function miniTemplateVersions(): string[] {
  const fixtures = path.join(
    repositoryRoot(),
    'plugins/eks-platform-node/src/templateUpgrade/__fixtures__/mini-template',
  );
  return ['v1.0.0', 'v1.1.0'].map(version => path.join(fixtures, version));
}

/**
 * Where the portal's config expects the demo template's history
 * (`eksPlatform.templateUpgrades.templates[].repository` in app-config.yaml).
 */
export function defaultTemplateUpgradeDemoDir(): string {
  return path.join(repositoryRoot(), '.cache', 'sandbox', 'template-history');
}

/**
 * Writes the demo template's git history (v1.0.0 then v1.1.0). With no
 * `dir`, a temporary one the caller removes.
 */
export function writeDemoTemplateHistory(dir?: string): string {
  return writeTemplateHistory({
    dir: dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'template-history-')),
    templatePath: TEMPLATE_UPGRADE_DEMO.templatePath,
    versions: miniTemplateVersions(),
  });
}

/**
 * The demo service's repository as the mini template generated it at 1.0.0.
 * `legacyServiceFiles.json` is the engine's own render (`renderTemplate`,
 * the scaffolder's fetch:template); the sandbox cannot import the engine
 * (the engine's tests import the sandbox), so a test of the scaffolder
 * module renders it again and fails when the two differ
 * (packages/test-utils/src/templateUpgrade/miniTemplate.test.ts).
 */
export function legacyServiceSeed(): SeedRepository {
  return {
    ...TEMPLATE_UPGRADE_DEMO.service.repository,
    message: 'Generated from template:default/mini-service v1.0.0',
    files: { ...(legacyServiceFiles as Record<string, string>) },
  };
}

/** The files of `legacyServiceSeed`, for the test that renders them again. */
export const LEGACY_SERVICE_FILES: Readonly<Record<string, string>> =
  legacyServiceFiles;
