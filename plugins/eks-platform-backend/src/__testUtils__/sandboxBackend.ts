import { Entity } from '@backstage/catalog-model';
import {
  defaultCatalogDir,
  tracingStackAvailability,
} from '@internal/eks-platform-sandbox';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/*
 * What the tests that run the real status backend over a started sandbox
 * share: the demo catalog's components (the services the sandbox runs) and
 * the guard that skips them where the trace pipeline's binaries are not
 * built. The backend's config for a sandbox is the sandbox package's
 * `sandboxStatusConfig`.
 */

const catalogDir = defaultCatalogDir(__dirname)!;

/** Every Component of the demo catalog (catalog/demo/components.yaml). */
export function demoComponents(): Entity[] {
  const text = fs.readFileSync(
    path.join(catalogDir, 'components.yaml'),
    'utf8',
  );
  return parseAllDocuments(text)
    .map(d => d.toJS() as Entity)
    .filter(e => e?.kind === 'Component');
}

/** One demo component by name. */
export function demoEntity(name: string): Entity {
  const entity = demoComponents().find(e => e.metadata.name === name);
  if (!entity) throw new Error(`no demo component ${name}`);
  return entity;
}

/** The demo catalog's folder, for the sandbox's `fleet.catalogDir`. */
export const DEMO_CATALOG_DIR = catalogDir;

/** `describe` where the real trace pipeline can run, else `describe.skip` with the reason on the console. */
export function describeWithTracingStack(what: string) {
  const stack = tracingStackAvailability();
  if (!stack.available) {
    // eslint-disable-next-line no-console
    console.warn(`Skipping ${what}: ${stack.reason}`);
  }
  return stack.available ? describe : describe.skip;
}
