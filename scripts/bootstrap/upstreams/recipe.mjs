// What to build for one pinned upstream and where its binary lives: the
// cache folder name is keyed by module, version and a hash of the recipe
// (the pin, the recipe files, the Go minor release), so a warm machine reuses
// it and a changed pin or recipe builds anew beside it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Bump when the build steps change in a way that changes the binaries. */
export const RECIPE_REVISION = 2;

export function readPins(repoRoot) {
  return JSON.parse(
    readFileSync(join(repoRoot, 'tools', 'upstreams', 'pins.json'), 'utf8'),
  );
}

/** Files of a tool's own recipe folder (main.go, components.go, …), sorted. */
export function recipeFiles(repoRoot, name) {
  const dir = join(repoRoot, 'tools', 'upstreams', name);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter(f => f.endsWith('.go') || f.endsWith('.yaml'))
    .sort()
    .map(f => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));
}

/** The cache folder of one exact recipe: <cacheRoot>/<name>/<module>@<version>-<hash>. */
export function buildDir(cacheRoot, repoRoot, name, tool, goVersion) {
  const hash = createHash('sha256')
    .update(String(RECIPE_REVISION))
    .update(JSON.stringify(tool))
    .update(goVersion.replace(/^(go\d+\.\d+).*/, '$1')) // per Go minor release
    .update(JSON.stringify(recipeFiles(repoRoot, name)))
    .digest('hex')
    .slice(0, 10);
  return join(
    cacheRoot,
    name,
    `${tool.module.replaceAll('/', '_')}@${tool.version}-${hash}`,
  );
}

/**
 * -ldflags: Go's -s -w plus the pin's -X flags. Placeholders: {version},
 * {major}, {minor} of the pinned version, and {kubeMajor}/{kubeMinor}, the
 * Kubernetes release of the module's k8s.io/client-go (v0.37.x → 1, 37), the
 * way Helm's Makefile sets Helm's default Kubernetes version.
 */
export function expandLdflags(tool, kube = {}) {
  const [major, minor] = tool.version.replace(/^v/, '').split('.');
  const flags = (tool.ldflags ?? []).map(f =>
    f
      .replaceAll('{version}', tool.version)
      .replaceAll('{major}', major)
      .replaceAll('{minor}', minor)
      .replaceAll('{kubeMajor}', kube.major ?? '{kubeMajor}')
      .replaceAll('{kubeMinor}', kube.minor ?? '{kubeMinor}'),
  );
  const unresolved = flags.find(f => /\{\w+\}/.test(f));
  if (unresolved)
    throw new Error(`unresolved placeholder in ldflags: ${unresolved}`);
  return ['-s', '-w', ...flags].join(' ');
}

/** The client-go requirement of a module's go.mod text → { major, minor } of Kubernetes. */
export function kubernetesOfGoMod(goMod) {
  const m = /^\s*(?:require\s+)?k8s\.io\/client-go\s+v0\.(\d+)\.\d+/m.exec(
    goMod,
  );
  return m ? { major: '1', minor: m[1] } : undefined;
}

/**
 * `replace` lines for a Kubernetes release used as a dependency: its go.mod
 * points the staging modules (k8s.io/api, k8s.io/apiserver, …) at local
 * folders, which do not apply to a dependent; the published v0.<minor>.<patch>
 * tags of each staging module are the same code.
 */
export function stagingReplaces(goMod, version) {
  const stagingVersion = version.replace(/^v1\./, 'v0.');
  const lines = [];
  for (const m of goMod.matchAll(/^\s*(\S+)\s+=>\s+\.\/staging\/\S+\s*$/gm)) {
    lines.push(`\t${m[1]} => ${m[1]} ${stagingVersion}`);
  }
  return lines.length ? `replace (\n${lines.join('\n')}\n)\n` : undefined;
}

/** The go.mod of the small module that builds a `main` or `tool` recipe. */
export function recipeGoMod(name, tool, minimumGo, replaces) {
  let goMod = `module local/upstreams/${name}\n\ngo ${minimumGo}\n\nrequire ${tool.module} ${tool.version}\n`;
  for (const extra of tool.requires ?? [])
    goMod += `require ${extra.replace('@', ' ')}\n`;
  if (replaces) goMod += `\n${replaces}`;
  // A program of a dependency (e.g. Jaeger's cmd/jaeger), as `go get -tool` records it.
  if (tool.build === 'tool') goMod += `\ntool ${tool.package}\n`;
  return goMod;
}

export function writeRecipeModule(workDir, repoRoot, name, goMod) {
  writeFileSync(join(workDir, 'go.mod'), goMod);
  for (const file of recipeFiles(repoRoot, name))
    writeFileSync(join(workDir, file.name), file.text);
}
