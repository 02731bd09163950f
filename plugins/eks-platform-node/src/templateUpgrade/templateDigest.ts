import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';

async function files(dir: string, base = dir): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(e =>
      e.isDirectory()
        ? files(path.join(dir, e.name), base)
        : Promise.resolve([
            path
              .relative(base, path.join(dir, e.name))
              .split(path.sep)
              .join('/'),
          ]),
    ),
  );
  return nested.flat().sort();
}

/** JSON with sorted keys, so the digest ignores YAML formatting and key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map(k => `${JSON.stringify(k)}:${canonical((value as any)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * What a template version generates, as one SHA-256: every skeleton file
 * (path, executable bit, bytes) and the template's `spec.steps` (the
 * values it hands the skeleton). The form (`spec.parameters`), metadata and
 * docs are left out: changing them changes no generated repository. The
 * template verification compares it with the digest committed for the
 * current version, so a skeleton or step change without a version bump
 * fails. A template without a skeleton folder is digested by its steps.
 */
export async function templateDigest(templateDir: string): Promise<string> {
  const hash = createHash('sha256');
  const skeleton = path.join(templateDir, 'skeleton');
  // A template that generates no files (e.g. "Upgrade services") is its steps.
  const hasSkeleton = await fs.stat(skeleton).then(
    s => s.isDirectory(),
    () => false,
  );
  for (const file of hasSkeleton ? await files(skeleton) : []) {
    const full = path.join(skeleton, file);
    const stat = await fs.stat(full);
    hash
      .update(`file ${file} ${stat.mode & 0o111 ? 'x' : '-'}\0`)
      .update(await fs.readFile(full))
      .update('\0');
  }
  const doc = parse(
    await fs.readFile(path.join(templateDir, 'template.yaml'), 'utf8'),
  );
  hash.update('steps\0').update(canonical(doc?.spec?.steps ?? []));
  return hash.digest('hex');
}
