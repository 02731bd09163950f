// Builds the upstream programs the tests and the sandbox run for real (Helm,
// etcd, kube-apiserver, …) from their Go modules, at the versions pinned in
// tools/upstreams/pins.json, into a cache folder keyed by module, version and
// build recipe, so a warm machine skips the build. Writes .cache/upstreams.json
// (per checkout) naming each binary for the TypeScript side to find.
//
//   node scripts/bootstrap/upstreams.mjs [name…]   build (or reuse) and print paths
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from './node-runtime.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const DEFAULT_REPO_ROOT = resolve(HERE, '..', '..');

export class UpstreamBuildError extends Error {}

export function readPins(repoRoot = DEFAULT_REPO_ROOT) {
  return JSON.parse(
    readFileSync(join(repoRoot, 'tools', 'upstreams', 'pins.json'), 'utf8'),
  );
}

function goEnv() {
  return {
    ...process.env,
    // Never let go.mod's `go` line fetch another toolchain behind our back.
    GOTOOLCHAIN: 'local',
    GOFLAGS: '-mod=mod',
    CGO_ENABLED: '0',
  };
}

function go(args, cwd) {
  return spawnSync('go', args, {
    cwd,
    env: goEnv(),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** The Go toolchain on PATH, checked against the pinned minimum. */
export function checkGo(minimum) {
  const r = go(['env', 'GOVERSION'], process.cwd());
  if (r.error || r.status !== 0) {
    throw new UpstreamBuildError(
      `Go ${minimum} or newer is needed to build the pinned upstreams (Helm, etcd, kube-apiserver, …), but \`go\` was not found on PATH. Install Go ${minimum}+ (the machines of this project have it at /usr/local/go/bin).`,
    );
  }
  const found = r.stdout.trim(); // e.g. go1.26.8
  const [maj, min] = found.replace(/^go/, '').split('.').map(Number);
  const [wantMaj, wantMin] = minimum.split('.').map(Number);
  if (maj < wantMaj || (maj === wantMaj && min < wantMin)) {
    const which = spawnSync('sh', ['-c', 'command -v go'], {
      encoding: 'utf8',
    }).stdout.trim();
    throw new UpstreamBuildError(
      `Go ${minimum} or newer is needed, but \`go\` on PATH (${which}) is ${found}. Debian's golang-go (1.19, /usr/bin/go) shadows a newer Go: put the newer one (e.g. /usr/local/go/bin) first on PATH, or remove golang-go.`,
    );
  }
  return found;
}

/** Files of a tool's own recipe folder (main.go, components.go, …), sorted. */
function recipeFiles(repoRoot, name) {
  const dir = join(repoRoot, 'tools', 'upstreams', name);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter(f => f.endsWith('.go') || f.endsWith('.yaml'))
    .sort()
    .map(f => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));
}

function expandFlags(flags, version) {
  const [major, minor] = version.replace(/^v/, '').split('.');
  return (flags ?? []).map(f =>
    f
      .replaceAll('{version}', version)
      .replaceAll('{major}', major)
      .replaceAll('{minor}', minor),
  );
}

/**
 * Kind "files": files shipped in a pinned module's source (e.g. CRD YAML),
 * fetched with `go mod download` only — nothing is built — and copied into
 * the cache under their path in the module.
 */
function downloadFiles(name, tool, targetDir) {
  const r = spawnSync(
    'go',
    ['mod', 'download', '-json', `${tool.module}@${tool.version}`],
    {
      cwd: cacheDir(),
      env: { ...goEnv(), GOFLAGS: '' },
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  let info;
  try {
    info = JSON.parse(r.stdout);
  } catch {
    info = { Error: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
  }
  if (r.status !== 0 || info.Error || !info.Dir) {
    throw new UpstreamBuildError(
      `downloading ${name} from ${tool.module}@${
        tool.version
      } failed at \`go mod download\`: ${info.Error ?? r.stderr}`,
    );
  }
  const tmp = `${targetDir}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  for (const file of tool.files) {
    const from = join(info.Dir, file);
    if (!existsSync(from)) {
      throw new UpstreamBuildError(
        `${tool.module}@${tool.version} has no file ${file} (pinned for ${name} in tools/upstreams/pins.json)`,
      );
    }
    mkdirSync(dirname(join(tmp, file)), { recursive: true });
    copyFileSync(from, join(tmp, file));
  }
  rmSync(targetDir, { recursive: true, force: true });
  renameSync(tmp, targetDir);
}

function filesPresent(dir, tool) {
  return tool.files.every(f => existsSync(join(dir, f)));
}

/** Where a tool's binary lives for this exact recipe. */
export function binaryPath(repoRoot, name, tool, goVersion) {
  const hash = createHash('sha256')
    .update(JSON.stringify(tool))
    .update(goVersion.replace(/\.\d+$/, '')) // per Go minor release
    .update(JSON.stringify(recipeFiles(repoRoot, name)))
    .digest('hex')
    .slice(0, 10);
  const dirName = `${tool.module.replaceAll('/', '_')}@${tool.version}-${hash}`;
  // Kind "files" has a folder of files instead of a binary.
  return join(cacheDir(), 'upstreams', name, dirName, tool.binary ?? '');
}

/**
 * `replace` lines for a Kubernetes release used as a dependency: its go.mod
 * points the staging modules (k8s.io/api, k8s.io/apiserver, …) at local
 * folders, which do not apply to a dependent; the published v0.<minor>.<patch>
 * tags of each staging module are the same code.
 */
function stagingReplaces(tool, buildDir) {
  const r = go(
    ['mod', 'download', '-json', `${tool.module}@${tool.version}`],
    buildDir,
  );
  if (r.status !== 0) {
    throw new UpstreamBuildError(
      `could not download ${tool.module}@${
        tool.version
      } from the Go module proxy: ${r.stderr.trim()}`,
    );
  }
  const info = JSON.parse(r.stdout);
  const goMod = readFileSync(info.GoMod, 'utf8');
  const stagingVersion = tool.version.replace(/^v1\./, 'v0.');
  const lines = [];
  for (const m of goMod.matchAll(/^\s*(\S+)\s+=>\s+\.\/staging\/\S+\s*$/gm)) {
    lines.push(`\t${m[1]} => ${m[1]} ${stagingVersion}`);
  }
  if (lines.length === 0) {
    throw new UpstreamBuildError(
      `${tool.module}@${tool.version} has no staging replace directives in its go.mod; is it a Kubernetes release?`,
    );
  }
  return `replace (\n${lines.join('\n')}\n)\n`;
}

function writeModule(repoRoot, name, tool, buildDir, minimumGo) {
  rmSync(buildDir, { recursive: true, force: true });
  mkdirSync(buildDir, { recursive: true });
  let goMod = `module local/upstreams/${name}\n\ngo ${minimumGo}\n\nrequire ${tool.module} ${tool.version}\n`;
  for (const extra of tool.requires ?? []) {
    goMod += `require ${extra.replace('@', ' ')}\n`;
  }
  writeFileSync(join(buildDir, 'go.mod'), goMod);
  if (tool.replaceStagingModules) {
    goMod += `\n${stagingReplaces(tool, buildDir)}`;
    writeFileSync(join(buildDir, 'go.mod'), goMod);
  }
  for (const file of recipeFiles(repoRoot, name)) {
    writeFileSync(join(buildDir, file.name), file.text);
  }
  if (tool.build === 'tool') {
    // A program of a dependency (e.g. Jaeger's cmd/jaeger), as `go get -tool` records it.
    writeFileSync(join(buildDir, 'go.mod'), `${goMod}\ntool ${tool.package}\n`);
  }
}

function failure(name, tool, step, r) {
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n');
  return new UpstreamBuildError(
    `building ${name} from ${tool.module}@${
      tool.version
    } failed at \`${step}\` (exit ${r.status}):\n${output
      .slice(-25)
      .join('\n')}`,
  );
}

function build(repoRoot, name, tool, target, minimumGo) {
  const buildDir = join(cacheDir(), 'upstreams', '.build', name);
  const tmp = `${target}.partial`;
  mkdirSync(dirname(target), { recursive: true });
  const ldflags = ['-s', '-w', ...expandFlags(tool.ldflags, tool.version)].join(
    ' ',
  );
  let r;
  if (tool.build === 'install') {
    // `go install pkg@version` builds with the module's own go.mod and go.sum.
    r = spawnSync(
      'go',
      [
        'install',
        '-trimpath',
        `-ldflags=${ldflags}`,
        `${tool.package}@${tool.version}`,
      ],
      {
        env: { ...goEnv(), GOFLAGS: '', GOBIN: dirname(tmp) + '/.gobin' },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    if (r.status !== 0) throw failure(name, tool, 'go install', r);
    renameSync(join(dirname(tmp), '.gobin', tool.binary), tmp);
    rmSync(join(dirname(tmp), '.gobin'), { recursive: true, force: true });
  } else {
    writeModule(repoRoot, name, tool, buildDir, minimumGo);
    r = go(['mod', 'tidy'], buildDir);
    if (r.status !== 0) throw failure(name, tool, 'go mod tidy', r);
    const pkg = tool.build === 'tool' ? tool.package : '.';
    r = go(
      ['build', '-trimpath', `-ldflags=${ldflags}`, '-o', tmp, pkg],
      buildDir,
    );
    if (r.status !== 0) throw failure(name, tool, 'go build', r);
    // Keep the resolved go.mod/go.sum beside the binary: what exactly was built.
    for (const f of ['go.mod', 'go.sum']) {
      if (existsSync(join(buildDir, f)))
        writeFileSync(
          join(dirname(target), f),
          readFileSync(join(buildDir, f)),
        );
    }
  }
  renameSync(tmp, target);
}

/**
 * Builds (or reuses) every pinned upstream, or only `names`. Returns
 * { name: { path, module, version } } and writes it to .cache/upstreams.json.
 */
export function ensureUpstreams(
  log,
  { repoRoot = DEFAULT_REPO_ROOT, names } = {},
) {
  const pins = readPins(repoRoot);
  const goVersion = checkGo(pins.go);
  const wanted = names?.length ? names : Object.keys(pins.tools);
  const manifestPath = join(repoRoot, '.cache', 'upstreams.json');
  let manifest = { tools: {} };
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    // first run in this checkout
  }
  for (const name of wanted) {
    const tool = pins.tools[name];
    if (!tool) {
      throw new UpstreamBuildError(
        `unknown upstream "${name}"; tools/upstreams/pins.json lists ${Object.keys(
          pins.tools,
        ).join(', ')}`,
      );
    }
    const target = binaryPath(repoRoot, name, tool, goVersion);
    if (tool.build === 'files') {
      if (filesPresent(target, tool)) {
        log(`upstream ${name} ${tool.version}: cached`);
      } else {
        log(`upstream ${name}: downloading ${tool.module}@${tool.version}…`);
        downloadFiles(name, tool, target);
      }
      manifest.tools[name] = {
        path: target,
        files: tool.files,
        module: tool.module,
        version: tool.version,
      };
      continue;
    }
    if (existsSync(target)) {
      log(`upstream ${name} ${tool.version}: cached`);
    } else {
      log(
        `upstream ${name}: building ${tool.module}@${tool.version} with ${goVersion} (once per version; a few minutes on 2 cores)…`,
      );
      const started = Date.now();
      build(repoRoot, name, tool, target, pins.go);
      log(
        `upstream ${name} ${tool.version}: built in ${Math.round(
          (Date.now() - started) / 1000,
        )} s`,
      );
    }
    manifest.tools[name] = {
      path: target,
      module: tool.module,
      version: tool.version,
    };
  }
  mkdirSync(dirname(manifestPath), { recursive: true });
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest.tools;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const tools = ensureUpstreams(msg => console.log(`[upstreams] ${msg}`), {
      names: process.argv.slice(2),
    });
    for (const [name, t] of Object.entries(tools))
      console.log(`${name}\t${t.version}\t${t.path}`);
  } catch (error) {
    console.error(`[upstreams] ${error.message}`);
    process.exit(1);
  }
}
