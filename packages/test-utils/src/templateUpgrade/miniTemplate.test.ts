import {
  LEGACY_SERVICE_FILES,
  repositoryRoot,
  TEMPLATE_UPGRADE_DEMO,
  writeDemoTemplateHistory,
} from '@internal/eks-platform-sandbox';
import fs from 'node:fs';
import path from 'node:path';
import { miniServiceFilesAtFirstVersion } from './miniTemplate';

/*
 * The sandbox seeds the template-upgrade demo's service repository from a
 * JSON file (it cannot import the engine). This renders the service again
 * with the engine at 1.0.0 and fails when the two differ, so the demo shows
 * what the engine would really have generated, and the tests that start
 * from miniServiceFilesAtFirstVersion start where the demo does.
 */

// Real git for the history and the checkout.
jest.setTimeout(60_000);

const SNAPSHOT = path.join(
  repositoryRoot(),
  'packages/sandbox/src/templateUpgradeDemo/legacyServiceFiles.json',
);

describe('miniServiceFilesAtFirstVersion', () => {
  let templateRepo: string;
  beforeAll(() => {
    templateRepo = writeDemoTemplateHistory();
  });
  afterAll(() => fs.rmSync(templateRepo, { recursive: true, force: true }));

  it('renders the files the sandbox seeds its template-upgrade demo service with', async () => {
    const { name, owner } = TEMPLATE_UPGRADE_DEMO.service;
    const rendered = await miniServiceFilesAtFirstVersion(
      templateRepo,
      name,
      owner,
    );
    if (process.env.UPDATE_SANDBOX_DEMO === '1') {
      const sorted = Object.fromEntries(
        Object.entries(rendered).sort(([a], [b]) => a.localeCompare(b)),
      );
      fs.writeFileSync(SNAPSHOT, `${JSON.stringify(sorted, null, 2)}\n`);
    }
    // On a difference: UPDATE_SANDBOX_DEMO=1 rewrites the sandbox's file.
    expect(LEGACY_SERVICE_FILES).toEqual(rendered);
    expect(rendered['.backstage/template.json']).toContain('"1.0.0"');
  });
});
