import {
  LEGACY_SERVICE_FILES,
  repositoryRoot,
  TEMPLATE_UPGRADE_DEMO,
} from '@internal/eks-platform-sandbox';
import fs from 'node:fs';
import path from 'node:path';
import {
  generatedServiceFiles,
  miniTemplateRepository,
} from './__testUtils__/miniFleet';

/*
 * The sandbox seeds the template-upgrade demo's service repository from a
 * JSON file (it cannot import the engine). This renders the service again
 * with the engine at 1.0.0 and fails when the two differ, so the demo shows
 * what the engine would really have generated.
 */

const SNAPSHOT = path.join(
  repositoryRoot(),
  'packages/sandbox/src/templateUpgradeDemo/legacyServiceFiles.json',
);

describe('the sandbox template-upgrade demo', () => {
  let templateRepo: string;
  beforeAll(() => {
    templateRepo = miniTemplateRepository();
  });
  afterAll(() => fs.rmSync(templateRepo, { recursive: true, force: true }));

  it('seeds the demo service with the files the engine renders at 1.0.0', async () => {
    const { name, owner } = TEMPLATE_UPGRADE_DEMO.service;
    const rendered = await generatedServiceFiles(templateRepo, name, owner);
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
