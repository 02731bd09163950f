// Kind "files": files shipped in a pinned module's source (CRD YAML of
// prometheus-operator, Istio, Argo CD), fetched with `go mod download` only.
// Nothing is compiled: the module zip comes through the module proxy and is
// checked against the Go checksum database, and the listed files are copied
// out of it under their path in the module.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize } from 'node:path';

/**
 * The pin's `files`, checked: a non-empty list of relative paths that stay
 * inside the module (a path with `..` would copy from, and write to, anywhere).
 * Returns the problem as text, or undefined when the list is fine.
 */
export function invalidFilesPin(tool) {
  if (!Array.isArray(tool.files) || tool.files.length === 0) {
    return 'kind "files" needs a non-empty "files" list (paths inside the module)';
  }
  const bad = tool.files.find(
    f =>
      typeof f !== 'string' ||
      f === '' ||
      isAbsolute(f) ||
      normalize(f).split('/').includes('..'),
  );
  return bad === undefined
    ? undefined
    : `"files" entry ${JSON.stringify(
        bad,
      )} is not a relative path inside the module`;
}

/** Paths, inside a published folder, of everything a pin must leave there. */
export function expectedArtefacts(dir, tool) {
  return tool.build === 'files'
    ? tool.files.map(f => join(dir, f))
    : [join(dir, tool.binary)];
}

/**
 * Copies the pinned files out of the module folder `go mod download -json`
 * reported (`moduleDir`) into `outDir`. Returns the first pinned path the
 * module does not have, or undefined when every file was copied.
 */
export function copyModuleFiles(moduleDir, tool, outDir) {
  for (const file of tool.files) {
    const from = join(moduleDir, file);
    if (!existsSync(from)) return file;
    mkdirSync(dirname(join(outDir, file)), { recursive: true });
    copyFileSync(from, join(outDir, file));
  }
  return undefined;
}
