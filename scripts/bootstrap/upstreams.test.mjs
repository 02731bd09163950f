// Tests of the upstream bootstrap's logic against a fake `go` (real Go builds
// take minutes; they are measured, not unit-tested): Go version checks, the
// cache keyed by version, failure messages, the lock between concurrent builds,
// and pins of kind "files" (files of a downloaded module, nothing built).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ensureUpstreams, UpstreamBuildError } from './upstreams.mjs';
import {
  findGo,
  GoToolchainError,
  goVersionAtLeast,
} from './upstreams/go-toolchain.mjs';
import { kubernetesOfGoMod, stagingReplaces } from './upstreams/recipe.mjs';
import {
  CRDS_PIN,
  fakeCheckout,
  fakeGo,
  HELM_PIN,
} from './test-support/fake-toolchain.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));

let checkout;
let go;
let logs;
const log = m => logs.push(m);
const goCalls = () =>
  existsSync(checkout.goLog)
    ? readFileSync(checkout.goLog, 'utf8')
        .trim()
        .split('\n')
        .map(l => JSON.parse(l).args)
    : [];
const ensure = (opts = {}) =>
  ensureUpstreams(log, {
    repoRoot: checkout.repoRoot,
    cacheRoot: checkout.cacheRoot,
    goCandidates: [go],
    lockPollMs: 50,
    ...opts,
  });
const leftovers = () =>
  readdirSync(checkout.cacheRoot, { recursive: true }).filter(f =>
    /\.partial-|\.work-|\.lock/.test(f),
  );

function setUp(tools, recipes) {
  checkout = fakeCheckout(tools, recipes);
  go = fakeGo(checkout.root, 'go1.26.8');
  logs = [];
  process.env.FAKE_GO_LOG = checkout.goLog;
}

afterEach(() => {
  for (const v of [
    'FAKE_GO_LOG',
    'FAKE_GO_FAIL',
    'FAKE_GO_SLEEP_MS',
    'FAKE_GO_GOMOD',
    'FAKE_GO_MODULE_FILES',
    'FAKE_GO_DOWNLOAD_FAIL',
  ])
    delete process.env[v];
  rmSync(checkout.root, { recursive: true, force: true });
});

describe('the Go toolchain check', () => {
  beforeEach(() => setUp({ helm: HELM_PIN }));

  it('refuses a Go older than the pinned minimum, saying which go it found and why', () => {
    const old = fakeGo(checkout.root, 'go1.19.8');
    assert.throws(
      () => findGo('1.26', [old, join(checkout.root, 'missing', 'go')]),
      error =>
        error instanceof GoToolchainError &&
        /Go 1\.26 or newer is needed/.test(error.message) &&
        error.message.includes(`${old}: go1.19.8, too old`) &&
        /missing\/go: not found/.test(error.message) &&
        /golang-go is 1\.19/.test(error.message),
    );
  });

  it('passes over an old `go` on PATH for a newer one, and says so', () => {
    const old = fakeGo(checkout.root, 'go1.19.8');
    const found = findGo('1.26', [old, go]);
    assert.equal(found.path, go);
    assert.equal(found.version, 'go1.26.8');
    assert.match(found.note, /passed over .*go1\.19\.8, too old/);
  });

  it('compares versions numerically', () => {
    assert.equal(goVersionAtLeast('go1.26.0', '1.26'), true);
    assert.equal(goVersionAtLeast('go1.30rc1', '1.26'), true);
    assert.equal(goVersionAtLeast('go1.9.2', '1.26'), false);
    assert.equal(goVersionAtLeast('go2.0.0', '1.26'), true);
    assert.equal(goVersionAtLeast('devel', '1.26'), false);
  });

  it('stops before any build when no suitable Go exists', async () => {
    await assert.rejects(
      ensure({ goCandidates: [fakeGo(checkout.root, 'go1.19.8')] }),
      GoToolchainError,
    );
    assert.deepEqual(
      goCalls().filter(a => a[0] !== 'env'),
      [],
    );
  });
});

describe('building and caching', () => {
  beforeEach(() => setUp({ helm: HELM_PIN }));

  it('builds a missing upstream once, with the pinned ldflags, and records it for the checkout', async () => {
    const tools = await ensure();
    const helm = tools.helm;
    assert.match(
      helm.path,
      /helm\/helm\.sh_helm_v3@v3\.22\.0-[0-9a-f]{10}\/helm$/,
    );
    assert.equal(
      readFileSync(helm.path, 'utf8'),
      'built helm.sh/helm/v3/cmd/helm@v3.22.0 ldflags=-s -w -X helm.sh/helm/v3/internal/version.version=v3.22.0 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=37\n',
    );
    assert.deepEqual(
      JSON.parse(
        readFileSync(
          join(checkout.repoRoot, '.cache', 'upstreams.json'),
          'utf8',
        ),
      ).tools,
      {
        helm: {
          path: helm.path,
          module: 'helm.sh/helm/v3',
          version: 'v3.22.0',
        },
      },
    );
    assert.equal(
      JSON.parse(readFileSync(join(dirname(helm.path), 'build.json'), 'utf8'))
        .go,
      'go1.26.8',
    );
    assert.ok(
      logs.some(l =>
        /helm v3\.22\.0: not in the cache; building helm\.sh\/helm\/v3@v3\.22\.0 with go1\.26\.8/.test(
          l,
        ),
      ),
    );
    assert.ok(logs.some(l => /helm v3\.22\.0: built in \d+s/.test(l)));
    assert.deepEqual(leftovers(), []);
  });

  it('skips the build on a warm cache', async () => {
    const first = await ensure();
    const installs = goCalls().filter(a => a[0] === 'install').length;
    logs = [];
    const second = await ensure();
    assert.deepEqual(second, first);
    assert.equal(goCalls().filter(a => a[0] === 'install').length, installs);
    assert.ok(logs.some(l => /helm v3\.22\.0: cached/.test(l)));
  });

  it('keys the cache by version: a new pin builds beside the old one', async () => {
    const old = (await ensure()).helm.path;
    writeFileSync(
      join(checkout.repoRoot, 'tools', 'upstreams', 'pins.json'),
      JSON.stringify({
        go: '1.26',
        tools: { helm: { ...HELM_PIN, version: 'v3.23.0' } },
      }),
    );
    const next = (await ensure()).helm.path;
    assert.notEqual(next, old);
    assert.match(next, /@v3\.23\.0-/);
    assert.ok(existsSync(old));
  });

  it('keys the cache by the recipe files too', async () => {
    setUpMain();
    const before = (await ensure({ names: ['etcd'] })).etcd.path;
    writeFileSync(
      join(checkout.repoRoot, 'tools', 'upstreams', 'etcd', 'main.go'),
      'package main // changed\n',
    );
    assert.notEqual((await ensure({ names: ['etcd'] })).etcd.path, before);
  });

  it('prints a heartbeat while a step runs long', async () => {
    process.env.FAKE_GO_SLEEP_MS = '600';
    await ensure({ heartbeatMs: 150 });
    assert.ok(
      logs.some(l =>
        /helm: go install .*: still running \(\d+s, \d+ lines/.test(l),
      ),
      logs.join('\n'),
    );
  });

  it('names the module, version, step and Go output when a build fails, and leaves nothing behind', async () => {
    process.env.FAKE_GO_FAIL = 'install';
    await assert.rejects(ensure(), error => {
      assert.ok(error instanceof UpstreamBuildError);
      assert.match(
        error.message,
        /building helm from helm\.sh\/helm\/v3@v3\.22\.0 failed at step `go install helm\.sh\/helm\/v3\/cmd\/helm@v3\.22\.0` \(exit 1\)/,
      );
      assert.match(error.message, /undefined: Thing \(install\)/);
      return true;
    });
    assert.deepEqual(leftovers(), []);
    assert.deepEqual(readdirSync(join(checkout.cacheRoot, 'helm')), []);
  });

  it('refuses a name that is not pinned, before building anything', async () => {
    await assert.rejects(
      ensure({ names: ['kubectl'] }),
      /unknown upstream "kubectl"; tools\/upstreams\/pins\.json lists helm/,
    );
    assert.deepEqual(
      goCalls().filter(a => a[0] !== 'env'),
      [],
    );
  });
});

function setUpMain() {
  rmSync(checkout.root, { recursive: true, force: true });
  setUp(
    {
      etcd: {
        module: 'go.etcd.io/etcd/server/v3',
        version: 'v3.7.3',
        build: 'main',
        binary: 'etcd',
      },
      'kube-apiserver': {
        module: 'k8s.io/kubernetes',
        version: 'v1.37.2',
        build: 'main',
        binary: 'kube-apiserver',
        replaceStagingModules: true,
        ldflags: [
          '-X k8s.io/component-base/version.gitVersion={version}',
          '-X k8s.io/component-base/version.gitMinor={minor}',
        ],
      },
    },
    {
      etcd: { 'main.go': 'package main\n' },
      'kube-apiserver': { 'main.go': 'package main\n' },
    },
  );
}

describe('recipe modules', () => {
  beforeEach(() => setUpMain());

  it('builds a main package in a module of its own and keeps its go.mod beside the binary', async () => {
    const { etcd } = await ensure({ names: ['etcd'] });
    const goMod = readFileSync(join(dirname(etcd.path), 'go.mod'), 'utf8');
    assert.match(
      goMod,
      /^module local\/upstreams\/etcd\n\ngo 1\.26\n\nrequire go\.etcd\.io\/etcd\/server\/v3 v3\.7\.3\n/,
    );
    assert.deepEqual(
      goCalls()
        .filter(a => a[0] !== 'env')
        .map(a => a.slice(0, 2)),
      [
        ['mod', 'tidy'],
        ['build', '-v'],
      ],
    );
  });

  it('pins every Kubernetes staging module to the matching v0 release', async () => {
    process.env.FAKE_GO_GOMOD = [
      'module k8s.io/kubernetes',
      'replace (',
      '\tk8s.io/api => ./staging/src/k8s.io/api',
      '\tk8s.io/apiserver => ./staging/src/k8s.io/apiserver',
      ')',
    ].join('\n');
    const tools = await ensure({ names: ['kube-apiserver'] });
    const goMod = readFileSync(
      join(dirname(tools['kube-apiserver'].path), 'go.mod'),
      'utf8',
    );
    assert.match(
      goMod,
      /\tk8s\.io\/api => k8s\.io\/api v0\.37\.2\n\tk8s\.io\/apiserver => k8s\.io\/apiserver v0\.37\.2\n/,
    );
    assert.match(
      readFileSync(tools['kube-apiserver'].path, 'utf8'),
      /gitVersion=v1\.37\.2 -X k8s\.io\/component-base\/version\.gitMinor=37/,
    );
  });

  it('says so when a pinned Kubernetes has no staging modules', async () => {
    process.env.FAKE_GO_GOMOD = 'module k8s.io/kubernetes\n';
    await assert.rejects(
      ensure({ names: ['kube-apiserver'] }),
      /k8s\.io\/kubernetes@v1\.37\.2 has no staging replace directives/,
    );
  });

  it('reads Kubernetes versions and staging modules from go.mod text', () => {
    assert.deepEqual(
      kubernetesOfGoMod('require (\n\tk8s.io/client-go v0.37.0\n)'),
      { major: '1', minor: '37' },
    );
    assert.equal(kubernetesOfGoMod('module x\n'), undefined);
    assert.equal(stagingReplaces('module x\n', 'v1.37.2'), undefined);
  });
});

describe('pins of kind "files"', () => {
  beforeEach(() => {
    setUp({ crds: CRDS_PIN, helm: HELM_PIN });
    process.env.FAKE_GO_MODULE_FILES =
      'crds/a.yaml,crds/nested/b.yaml,README.md';
  });

  const manifest = () =>
    JSON.parse(
      readFileSync(join(checkout.repoRoot, '.cache', 'upstreams.json'), 'utf8'),
    ).tools;

  it('downloads the module, keeps only the pinned files, builds nothing and records the folder', async () => {
    const { crds } = await ensure({ names: ['crds'] });
    assert.match(
      crds.path,
      /crds\/example\.com_operator@v0\.85\.0-[0-9a-f]{10}$/,
    );
    assert.deepEqual(crds.files, CRDS_PIN.files);
    assert.equal(
      readFileSync(join(crds.path, 'crds', 'nested', 'b.yaml'), 'utf8'),
      'crds/nested/b.yaml of example.com/operator@v0.85.0\n',
    );
    assert.equal(existsSync(join(crds.path, 'README.md')), false);
    assert.equal(existsSync(join(crds.path, 'go.mod')), false);
    assert.deepEqual(
      goCalls()
        .filter(a => a[0] !== 'env')
        .map(a => a.slice(0, 4)),
      [['mod', 'download', '-json', 'example.com/operator@v0.85.0']],
    );
    assert.deepEqual(manifest(), {
      crds: {
        path: crds.path,
        files: CRDS_PIN.files,
        module: 'example.com/operator',
        version: 'v0.85.0',
      },
    });
    assert.equal(
      JSON.parse(readFileSync(join(crds.path, 'build.json'), 'utf8')).version,
      'v0.85.0',
    );
    assert.ok(
      logs.some(l =>
        /\[1\/1\] crds v0\.85\.0: not in the cache; downloading example\.com\/operator@v0\.85\.0 for 2 file\(s\) \(nothing is built\)/.test(
          l,
        ),
      ),
      logs.join('\n'),
    );
    assert.ok(logs.some(l => /crds v0\.85\.0: downloaded in \d+s/.test(l)));
    assert.deepEqual(leftovers(), []);
  });

  it('reuses the files on a warm cache and downloads again when one is gone', async () => {
    const first = await ensure({ names: ['crds'] });
    logs = [];
    assert.deepEqual(await ensure({ names: ['crds'] }), first);
    assert.ok(logs.some(l => /crds v0\.85\.0: cached/.test(l)));
    assert.equal(goCalls().filter(a => a[1] === 'download').length, 1);
    rmSync(join(first.crds.path, 'crds', 'a.yaml'));
    await ensure({ names: ['crds'] });
    assert.equal(goCalls().filter(a => a[1] === 'download').length, 2);
    assert.ok(existsSync(join(first.crds.path, 'crds', 'a.yaml')));
  });

  it('records files and binaries side by side in one manifest', async () => {
    const tools = await ensure();
    assert.deepEqual(Object.keys(manifest()).sort(), ['crds', 'helm']);
    assert.match(tools.helm.path, /\/helm$/);
    assert.equal(manifest().helm.files, undefined);
  });

  it('names the file the module lacks, and publishes nothing', async () => {
    process.env.FAKE_GO_MODULE_FILES = 'crds/a.yaml';
    await assert.rejects(
      ensure({ names: ['crds'] }),
      error =>
        error instanceof UpstreamBuildError &&
        error.message ===
          'example.com/operator@v0.85.0 has no file crds/nested/b.yaml (pinned for crds in tools/upstreams/pins.json)',
    );
    assert.deepEqual(readdirSync(join(checkout.cacheRoot, 'crds')), []);
  });

  it('names the module, version and Go error when the download fails', async () => {
    process.env.FAKE_GO_DOWNLOAD_FAIL = '1';
    await assert.rejects(ensure({ names: ['crds'] }), error => {
      assert.ok(error instanceof UpstreamBuildError);
      assert.match(
        error.message,
        /building crds from example\.com\/operator@v0\.85\.0 failed at step `go mod download` \(exit 1\)/,
      );
      assert.match(error.message, /403 Forbidden/);
      return true;
    });
    assert.deepEqual(leftovers(), []);
  });

  for (const [files, why] of [
    [[], /needs a non-empty "files" list/],
    [undefined, /needs a non-empty "files" list/],
    [
      ['crds/../../../etc/passwd'],
      /"crds\/\.\.\/\.\.\/\.\.\/etc\/passwd" is not a relative path inside the module/,
    ],
    [
      ['/etc/passwd'],
      /"\/etc\/passwd" is not a relative path inside the module/,
    ],
  ]) {
    it(`refuses a pin with files ${JSON.stringify(
      files,
    )} before any download`, async () => {
      writeFileSync(
        join(checkout.repoRoot, 'tools', 'upstreams', 'pins.json'),
        JSON.stringify({ go: '1.26', tools: { crds: { ...CRDS_PIN, files } } }),
      );
      await assert.rejects(
        ensure(),
        error =>
          error instanceof UpstreamBuildError &&
          /tools\/upstreams\/pins\.json, upstream "crds": /.test(
            error.message,
          ) &&
          why.test(error.message),
      );
      assert.deepEqual(
        goCalls().filter(a => a[0] !== 'env'),
        [],
      );
    });
  }
});

describe('concurrent builds', () => {
  beforeEach(() => setUp({ helm: HELM_PIN }));

  const runner = (extraEnv = {}) =>
    new Promise(resolve => {
      const child = spawn(
        process.execPath,
        [
          join(HERE, 'test-support', 'run-ensure.mjs'),
          checkout.repoRoot,
          checkout.cacheRoot,
          go,
          'helm',
        ],
        {
          env: { ...process.env, ...extraEnv },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let out = '';
      child.stdout.on('data', c => (out += c));
      child.on('close', code => resolve({ code, ...JSON.parse(out) }));
    });

  it('two processes building the same version at once: one builds, the other waits and reuses it', async () => {
    process.env.FAKE_GO_SLEEP_MS = '1500';
    const [a, b] = await Promise.all([runner(), runner()]);
    assert.equal(a.code, 0);
    assert.equal(b.code, 0);
    assert.equal(a.tools.helm.path, b.tools.helm.path);
    assert.equal(goCalls().filter(c => c[0] === 'install').length, 1);
    const waited = [a, b].find(r =>
      r.logs.some(l => /another build of the same version is running/.test(l)),
    );
    assert.ok(waited, JSON.stringify([a.logs, b.logs]));
    assert.ok(
      waited.logs.some(l =>
        /built by another process meanwhile; reusing it/.test(l),
      ),
    );
    assert.match(
      readFileSync(a.tools.helm.path, 'utf8'),
      /^built helm\.sh\/helm\/v3\/cmd\/helm@v3\.22\.0 /,
    );
    assert.deepEqual(leftovers(), []);
  });

  it('takes over the lock of a build that died', async () => {
    const finalDirParent = join(checkout.cacheRoot, 'helm');
    // Learn the folder name from a build in another cache, then plant a dead owner's lock.
    const probe = await ensure({
      cacheRoot: join(checkout.root, 'probe-cache'),
    });
    const lock = join(
      finalDirParent,
      `${dirname(probe.helm.path).split('/').pop()}.lock`,
    );
    mkdirSync(lock, { recursive: true });
    writeFileSync(
      join(lock, 'owner.json'),
      JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname() }),
    );
    logs = [];
    const tools = await ensure();
    assert.ok(existsSync(tools.helm.path));
    assert.ok(
      logs.some(l =>
        /a previous build died and left its lock; taking it over/.test(l),
      ),
      logs.join('\n'),
    );
    assert.deepEqual(leftovers(), []);
  });
});
