// Builds the upstream programs the tests and the sandbox run for real (Helm,
// etcd, kube-apiserver, …) from their Go modules, at the versions pinned in
// tools/upstreams/pins.json, into a cache folder keyed by module, version and
// build recipe, so a warm machine skips the build. Pins of kind "files" build
// nothing: they download a module and keep some of its files (CRD YAML).
// Writes .cache/upstreams.json (per checkout) naming each binary or folder of
// files for the TypeScript side to find.
//
//   node scripts/bootstrap/upstreams.mjs [name…]   build (or reuse) and print paths
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from './node-runtime.mjs';
import { withBuildLock } from './upstreams/build-lock.mjs';
import { findGo, GoToolchainError } from './upstreams/go-toolchain.mjs';
import { formatDuration, runGo } from './upstreams/go-run.mjs';
import {
  copyModuleFiles,
  expectedArtefacts,
  invalidFilesPin,
} from './upstreams/module-files.mjs';
import {
  buildDir,
  expandLdflags,
  kubernetesOfGoMod,
  readPins,
  recipeGoMod,
  stagingReplaces,
  writeRecipeModule,
} from './upstreams/recipe.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const DEFAULT_REPO_ROOT = resolve(HERE, '..', '..');

export { readPins };

export class UpstreamBuildError extends Error {}

/** Where built upstreams are kept: ~/.cache/eks-platform/upstreams ($XDG_CACHE_HOME honoured). */
export function upstreamsCacheRoot() {
  return join(cacheDir(), 'upstreams');
}

function goEnv(go) {
  return {
    ...process.env,
    // The Go found by findGo first, for anything Go itself spawns.
    PATH: `${dirname(go.path)}:${process.env.PATH ?? ''}`,
    // Never let a go.mod's `go` line fetch another toolchain behind our back.
    GOTOOLCHAIN: 'local',
    GOFLAGS: '-mod=mod',
    CGO_ENABLED: '0',
  };
}

function failure(name, tool, step, r) {
  const lines = r.output.trim().split('\n').slice(-25).join('\n');
  return new UpstreamBuildError(
    `building ${name} from ${tool.module}@${tool.version} failed at step \`${step}\` (exit ${r.status}):\n${lines}`,
  );
}

/** `go mod download -json` of the pinned module: { Dir, GoMod, … } in Go's module cache. */
async function downloadModule(ctx, step) {
  const { go, name, tool, log, workDir } = ctx;
  const r = await runGo(
    go.path,
    ['mod', 'download', '-json', `${tool.module}@${tool.version}`],
    {
      cwd: workDir,
      env: { ...goEnv(go), GOFLAGS: '' },
      log,
      label: `${name}: ${step}`,
      heartbeatMs: ctx.heartbeatMs,
    },
  );
  if (r.status !== 0) throw failure(name, tool, step, r);
  return JSON.parse(r.stdout);
}

/** A module's own go.mod, fetched through the module proxy. */
async function moduleGoMod(ctx, step) {
  return readFileSync((await downloadModule(ctx, step)).GoMod, 'utf8');
}

/** Kind "files": the module's pinned files, copied out of Go's module cache. */
async function downloadFilesInto(ctx, outDir) {
  const { name, tool } = ctx;
  ctx.log(`${name}: go mod download ${tool.module}@${tool.version}…`);
  const info = await downloadModule(ctx, 'go mod download');
  const missing = copyModuleFiles(info.Dir, tool, outDir);
  if (missing) {
    throw new UpstreamBuildError(
      `${tool.module}@${tool.version} has no file ${missing} (pinned for ${name} in tools/upstreams/pins.json)`,
    );
  }
}

async function ldflagsFor(ctx) {
  const { tool } = ctx;
  if (!(tool.ldflags ?? []).some(f => f.includes('{kube')))
    return expandLdflags(tool);
  const kube = kubernetesOfGoMod(await moduleGoMod(ctx, 'go mod download'));
  if (!kube) {
    throw new UpstreamBuildError(
      `${tool.module}@${tool.version} requires no k8s.io/client-go, so {kubeMajor}/{kubeMinor} in its ldflags cannot be set`,
    );
  }
  return expandLdflags(tool, kube);
}

async function step(ctx, label, args, cwd, env) {
  ctx.log(`${ctx.name}: ${label}…`);
  const r = await runGo(ctx.go.path, args, {
    cwd,
    env: env ?? goEnv(ctx.go),
    log: ctx.log,
    label: `${ctx.name}: ${label}`,
    heartbeatMs: ctx.heartbeatMs,
  });
  if (r.status !== 0) throw failure(ctx.name, ctx.tool, label, r);
  return r;
}

/** Builds into `outDir` (a fresh folder): the binary, plus go.mod/go.sum of a recipe module. */
async function buildInto(ctx, outDir) {
  const { name, tool, repoRoot, minimumGo, go } = ctx;
  if (tool.build === 'files') {
    await downloadFilesInto(ctx, outDir);
    return;
  }
  const ldflags = await ldflagsFor(ctx);
  if (tool.build === 'install') {
    // `go install pkg@version` builds with the module's own go.mod and go.sum.
    await step(
      ctx,
      `go install ${tool.package}@${tool.version}`,
      [
        'install',
        '-v',
        '-trimpath',
        `-ldflags=${ldflags}`,
        `${tool.package}@${tool.version}`,
      ],
      ctx.workDir,
      { ...goEnv(go), GOFLAGS: '', GOBIN: outDir },
    );
    return;
  }
  let replaces;
  if (tool.replaceStagingModules) {
    replaces = stagingReplaces(
      await moduleGoMod(ctx, 'go mod download'),
      tool.version,
    );
    if (!replaces) {
      throw new UpstreamBuildError(
        `${tool.module}@${tool.version} has no staging replace directives in its go.mod; is it a Kubernetes release?`,
      );
    }
  }
  writeRecipeModule(
    ctx.workDir,
    repoRoot,
    name,
    recipeGoMod(name, tool, minimumGo, replaces),
  );
  await step(ctx, 'go mod tidy', ['mod', 'tidy'], ctx.workDir);
  const pkg = tool.build === 'tool' ? tool.package : '.';
  await step(
    ctx,
    'go build',
    [
      'build',
      '-v',
      '-trimpath',
      `-ldflags=${ldflags}`,
      '-o',
      join(outDir, tool.binary),
      pkg,
    ],
    ctx.workDir,
  );
  // Keep the resolved go.mod/go.sum beside the binary: what exactly was built.
  for (const f of ['go.mod', 'go.sum']) {
    if (existsSync(join(ctx.workDir, f)))
      writeFileSync(join(outDir, f), readFileSync(join(ctx.workDir, f)));
  }
}

/**
 * Builds one upstream into a temporary folder beside its final one and
 * publishes it with one rename: the final folder either does not exist or
 * holds a complete build.
 */
async function buildAndPublish(ctx, finalDir) {
  const parent = dirname(finalDir);
  const outDir = mkdtempSync(join(parent, '.partial-'));
  chmodSync(outDir, 0o755); // mkdtemp makes it private; the published folder is not
  ctx.workDir = mkdtempSync(join(parent, '.work-'));
  const started = Date.now();
  try {
    await buildInto(ctx, outDir);
    const absent = expectedArtefacts(outDir, ctx.tool).find(
      f => !existsSync(f),
    );
    if (absent) {
      throw new UpstreamBuildError(
        `building ${ctx.name} from ${ctx.tool.module}@${
          ctx.tool.version
        }: Go reported success but wrote no ${absent.slice(outDir.length + 1)}`,
      );
    }
    writeFileSync(
      join(outDir, 'build.json'),
      `${JSON.stringify(
        {
          name: ctx.name,
          module: ctx.tool.module,
          version: ctx.tool.version,
          go: ctx.go.version,
          builtAt: new Date().toISOString(),
          seconds: Math.round((Date.now() - started) / 1000),
        },
        null,
        2,
      )}\n`,
    );
    try {
      renameSync(outDir, finalDir);
    } catch (error) {
      if (!['ENOTEMPTY', 'EEXIST'].includes(error.code)) throw error;
      // Someone published the same recipe meanwhile (no lock, or a stale
      // one): keep theirs. A folder that lost files since (a CRD deleted by
      // hand) is swapped for the fresh one instead.
      if (!ctx.isComplete()) {
        const stale = `${outDir}.stale`;
        renameSync(finalDir, stale);
        renameSync(outDir, finalDir);
        rmSync(stale, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(ctx.workDir, { recursive: true, force: true });
  }
  return Date.now() - started;
}

function writeManifest(repoRoot, entries) {
  const manifestPath = join(repoRoot, '.cache', 'upstreams.json');
  let manifest = { tools: {} };
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    // first run in this checkout
  }
  Object.assign(manifest.tools, entries);
  mkdirSync(dirname(manifestPath), { recursive: true });
  const tmp = `${manifestPath}.${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(tmp, manifestPath);
  return manifest.tools;
}

/**
 * Builds (or reuses) every pinned upstream, or only `names`. Resolves to
 * { name: { path, module, version } } (kind "files": `path` is the folder and
 * `files` the pinned paths inside it) and records it in .cache/upstreams.json.
 * Throws UpstreamBuildError (or GoToolchainError) naming the module, version
 * and failing step.
 */
export async function ensureUpstreams(
  log,
  {
    repoRoot = DEFAULT_REPO_ROOT,
    names,
    cacheRoot = upstreamsCacheRoot(),
    goCandidates,
    heartbeatMs = 30_000,
    lockPollMs,
  } = {},
) {
  const pins = readPins(repoRoot);
  const go = findGo(pins.go, goCandidates);
  if (go.note) log(go.note);
  const wanted = names?.length ? names : Object.keys(pins.tools);
  for (const name of wanted) {
    if (!pins.tools[name]) {
      throw new UpstreamBuildError(
        `unknown upstream "${name}"; tools/upstreams/pins.json lists ${Object.keys(
          pins.tools,
        ).join(', ')}`,
      );
    }
    const invalid =
      pins.tools[name].build === 'files' && invalidFilesPin(pins.tools[name]);
    if (invalid) {
      throw new UpstreamBuildError(
        `tools/upstreams/pins.json, upstream "${name}": ${invalid}`,
      );
    }
  }
  const entries = {};
  for (const [index, name] of wanted.entries()) {
    const tool = pins.tools[name];
    const finalDir = buildDir(cacheRoot, repoRoot, name, tool, go.version);
    const isFiles = tool.build === 'files';
    const artefacts = expectedArtefacts(finalDir, tool);
    const complete = () => artefacts.every(f => existsSync(f));
    const prefix = `[${index + 1}/${wanted.length}] ${name} ${tool.version}`;
    if (complete()) {
      log(`${prefix}: cached (${finalDir})`);
    } else {
      log(
        isFiles
          ? `${prefix}: not in the cache; downloading ${tool.module}@${tool.version} for ${tool.files.length} file(s) (nothing is built)`
          : `${prefix}: not in the cache; building ${tool.module}@${tool.version} with ${go.version} (once per version; minutes on 2 cores)`,
      );
      mkdirSync(dirname(finalDir), { recursive: true });
      const ctx = {
        name,
        tool,
        repoRoot,
        minimumGo: pins.go,
        go,
        log,
        heartbeatMs,
        isComplete: complete,
      };
      let ms = 0;
      const outcome = await withBuildLock(`${finalDir}.lock`, {
        isDone: complete,
        build: async () => {
          ms = await buildAndPublish(ctx, finalDir);
        },
        log: msg => log(`${name}: ${msg}`),
        pollMs: lockPollMs,
      });
      log(
        outcome === 'built'
          ? `${prefix}: ${isFiles ? 'downloaded' : 'built'} in ${formatDuration(
              ms,
            )}`
          : `${prefix}: built by another process meanwhile; reusing it`,
      );
    }
    entries[name] = isFiles
      ? {
          path: finalDir,
          files: tool.files,
          module: tool.module,
          version: tool.version,
        }
      : {
          path: artefacts[0],
          module: tool.module,
          version: tool.version,
        };
  }
  writeManifest(repoRoot, entries);
  return entries;
}

export { GoToolchainError };

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const tools = await ensureUpstreams(
      msg => console.log(`[upstreams] ${msg}`),
      {
        names: process.argv.slice(2),
      },
    );
    for (const [name, t] of Object.entries(tools))
      console.log(`${name}\t${t.version}\t${t.path}`);
  } catch (error) {
    console.error(`[upstreams] ${error.message}`);
    process.exit(1);
  }
}
