import fs from 'node:fs';
import path from 'node:path';
import { skeletonDir } from '../paths';

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

/** Skeleton files relative to the skeleton root, '/'-separated. */
export function skeletonFiles(): string[] {
  return walk(skeletonDir)
    .map(file => path.relative(skeletonDir, file).split(path.sep).join('/'))
    .sort();
}

/** The path a skeleton file gets in the generated repository. */
export function outputPath(skeletonPath: string): string {
  return skeletonPath.endsWith('.njk')
    ? skeletonPath.slice(0, -'.njk'.length)
    : skeletonPath;
}

export function readSkeletonFile(skeletonPath: string): string {
  return fs.readFileSync(path.join(skeletonDir, skeletonPath), 'utf8');
}
