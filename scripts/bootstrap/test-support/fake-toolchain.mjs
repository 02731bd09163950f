// Fake Go toolchains and pinned-upstream checkouts for the bootstrap's tests.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FAKE_GO = join(dirname(fileURLToPath(import.meta.url)), 'fake-go.mjs');

/** A GOROOT whose bin/go is the fake, reporting `version`. Returns bin/go's path. */
export function fakeGo(root, version) {
  const bin = join(root, `go-${version}`, 'bin');
  mkdirSync(bin, { recursive: true });
  const go = join(bin, 'go');
  writeFileSync(
    go,
    `#!/bin/sh\nFAKE_GO_VERSION=${version} FAKE_GO_ROOT=${dirname(bin)} exec "${
      process.execPath
    }" "${FAKE_GO}" "$@"\n`,
  );
  chmodSync(go, 0o755);
  return go;
}

/** A checkout with tools/upstreams/pins.json holding `tools`, and an empty cache. */
export function fakeCheckout(tools, recipes = {}) {
  const root = mkdtempSync(join(tmpdir(), 'upstreams-test-'));
  mkdirSync(join(root, 'repo', 'tools', 'upstreams'), { recursive: true });
  writeFileSync(
    join(root, 'repo', 'tools', 'upstreams', 'pins.json'),
    JSON.stringify({ go: '1.26', tools }),
  );
  for (const [name, files] of Object.entries(recipes)) {
    mkdirSync(join(root, 'repo', 'tools', 'upstreams', name), {
      recursive: true,
    });
    for (const [file, text] of Object.entries(files)) {
      writeFileSync(join(root, 'repo', 'tools', 'upstreams', name, file), text);
    }
  }
  return {
    root,
    repoRoot: join(root, 'repo'),
    cacheRoot: join(root, 'cache'),
    goLog: join(root, 'go-calls.log'),
  };
}

export const HELM_PIN = {
  module: 'helm.sh/helm/v3',
  version: 'v3.22.0',
  build: 'install',
  package: 'helm.sh/helm/v3/cmd/helm',
  binary: 'helm',
  ldflags: [
    '-X helm.sh/helm/v3/internal/version.version={version}',
    '-X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor={kubeMinor}',
  ],
};

/** A pin of kind "files": two CRD files of a module, nothing to build. */
export const CRDS_PIN = {
  module: 'example.com/operator',
  version: 'v0.85.0',
  build: 'files',
  files: ['crds/a.yaml', 'crds/nested/b.yaml'],
};
