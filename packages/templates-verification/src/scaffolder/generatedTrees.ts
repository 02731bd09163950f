import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDryRunBackend } from './dryRunBackend';
import { inputSets } from './inputSets';
import { templateHash } from './templateFiles';
import { PEER_ENTITIES, platformTrustConfig } from './platformTrust';

export type GeneratedTree = Record<string, string>;

function cacheDir(): string {
  const key = crypto
    .createHash('sha256')
    .update(templateHash())
    .update(JSON.stringify(inputSets))
    // eks:platform:resolve turns the platform config and the catalog's
    // peers into generated values: they are part of what a tree depends on.
    .update(
      JSON.stringify({
        platform: platformTrustConfig('127.0.0.1:7130'),
        peers: PEER_ENTITIES,
      }),
    )
    .digest('hex')
    .slice(0, 16);
  return path.join(os.tmpdir(), 'eks-templates-verification', `trees-${key}`);
}

/**
 * The trees the real scaffolder generates for every input set. Several test
 * files need them; one dry-run backend produces all of them and the result is
 * cached on disk, keyed by the template's content, the input sets and the
 * platform config and catalog peers the template resolves, so a change to
 * any of them regenerates them.
 */
export async function generatedTrees(): Promise<Record<string, GeneratedTree>> {
  const dir = cacheDir();
  const done = path.join(dir, 'complete.json');
  if (fs.existsSync(done)) {
    return JSON.parse(fs.readFileSync(done, 'utf8'));
  }
  const backend = await startDryRunBackend();
  const trees: Record<string, GeneratedTree> = {};
  try {
    for (const [name, values] of Object.entries(inputSets)) {
      const result = await backend.dryRun(values);
      if (result.status !== 200) {
        throw new Error(
          `dry-run of input set "${name}" failed with ${
            result.status
          }: ${JSON.stringify(result.body)}`,
        );
      }
      trees[name] = result.files;
    }
  } finally {
    await backend.stop();
  }
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${done}.${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(trees));
  fs.renameSync(tmp, done);
  return trees;
}

/** Writes a generated tree to a fresh directory (for tools that need files). */
export function writeTree(tree: GeneratedTree, prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  for (const [file, content] of Object.entries(tree)) {
    const target = path.join(dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
  return dir;
}
