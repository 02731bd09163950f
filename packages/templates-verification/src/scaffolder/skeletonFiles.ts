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

/** A folder that exists only when a value is set: `{% if values.kafka.enabled %}messaging{% endif %}`. */
const CONDITIONAL_SEGMENT =
  /^\{% if values\.([A-Za-z]+(?:\.[A-Za-z]+)*) %\}([^{}]+)\{% endif %\}$/;

function lookup(values: Record<string, unknown>, dotted: string): unknown {
  return dotted
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        value && typeof value === 'object'
          ? (value as Record<string, unknown>)[key]
          : undefined,
      values,
    );
}

/**
 * The path a skeleton file gets in the generated repository for the given
 * form values, or undefined when fetch:template skips it (a conditional
 * folder whose value is not set renders to an empty segment).
 */
export function outputPath(
  skeletonPath: string,
  values: Record<string, unknown> = {},
): string | undefined {
  const segments: string[] = [];
  for (const segment of skeletonPath.split('/')) {
    const conditional = CONDITIONAL_SEGMENT.exec(segment);
    if (!conditional) {
      segments.push(segment);
    } else if (lookup(values, conditional[1])) {
      segments.push(conditional[2]);
    } else {
      return undefined;
    }
  }
  const rendered = segments.join('/');
  return rendered.endsWith('.njk')
    ? rendered.slice(0, -'.njk'.length)
    : rendered;
}

export function readSkeletonFile(skeletonPath: string): string {
  return fs.readFileSync(path.join(skeletonDir, skeletonPath), 'utf8');
}
