import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import type { KubeObject } from '../../kubernetes/kubeClient';
import { globMatch } from '../glob';
import { ManifestError } from './paths';

/*
 * A "Directory" source, as Argo CD's repo server reads one: every
 * `.yaml`, `.yml` and `.json` file of the path (and below it with
 * `recurse`), filtered by `include` / `exclude` globs on the path relative
 * to the source path; every document of each file, `List`s expanded.
 */

export interface DirectoryOptions {
  recurse?: boolean;
  include?: string;
  exclude?: string;
}

const MANIFEST_FILE = /\.(ya?ml|json)$/;

function files(dir: string, root: string, recurse: boolean): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recurse) out.push(...files(full, root, recurse));
    } else if (entry.isFile() && MANIFEST_FILE.test(entry.name)) {
      out.push(full);
    }
  }
  return out.sort();
}

export function parseManifests(text: string, file: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const doc of yaml.parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      throw new ManifestError(
        `failed to unmarshal ${file}: ${doc.errors[0].message}`,
      );
    }
    const object = doc.toJS();
    if (object === null || object === undefined) continue;
    if (typeof object !== 'object' || Array.isArray(object)) {
      throw new ManifestError(
        `failed to unmarshal ${file}: a manifest must be an object`,
      );
    }
    if (object.kind === 'List' && Array.isArray(object.items)) {
      objects.push(...object.items);
    } else {
      objects.push(object as KubeObject);
    }
  }
  return objects;
}

export function directoryManifests(
  dir: string,
  options: DirectoryOptions = {},
): KubeObject[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ManifestError(`${path.basename(dir)}: app path does not exist`);
  }
  const objects: KubeObject[] = [];
  for (const file of files(dir, dir, options.recurse ?? false)) {
    const relative = path.relative(dir, file);
    if (options.include && !globMatch(options.include, relative)) continue;
    if (options.exclude && globMatch(options.exclude, relative)) continue;
    objects.push(...parseManifests(fs.readFileSync(file, 'utf8'), relative));
  }
  return objects;
}
