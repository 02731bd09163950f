import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import yaml from 'yaml';
import { templateDir, templateFile } from '../paths';

export interface DirectoryFile {
  path: string;
  base64Content: string;
}

function listFiles(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return listFiles(full, base);
    }
    return [path.relative(base, full).split(path.sep).join('/')];
  });
}

/** The template entity as the catalog would hold it. */
export function loadTemplateEntity(): any {
  return yaml.parse(fs.readFileSync(templateFile, 'utf8'));
}

/**
 * Every file next to template.yaml, in the shape POST /v2/dry-run takes:
 * the router writes them beside a synthetic template.yaml, so
 * `fetch:template` with `url: ./skeleton` finds the skeleton.
 */
export function loadDirectoryContents(): DirectoryFile[] {
  return listFiles(templateDir)
    .sort()
    .map(file => ({
      path: file,
      base64Content: fs
        .readFileSync(path.join(templateDir, file))
        .toString('base64'),
    }));
}

/** Changes whenever any template file changes; keys the generated-tree cache. */
export function templateHash(): string {
  const hash = crypto.createHash('sha256');
  for (const file of loadDirectoryContents()) {
    hash.update(file.path).update('\0').update(file.base64Content).update('\0');
  }
  return hash.digest('hex');
}
