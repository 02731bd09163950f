import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { helmRendererSourceDir } from '../paths';

const GOPATH_SYSTEM = '/usr/share/gocode';

function sourceFiles(): string[] {
  return fs
    .readdirSync(helmRendererSourceDir)
    .filter(f => f.endsWith('.go') || f === 'go.mod')
    .sort();
}

/**
 * Builds the test-only Helm renderer (Go, Debian's sprig and sigs.k8s.io/yaml)
 * once per source hash into a temp dir and returns the binary's path.
 * GOPATH mode: Debian ships the libraries under /usr/share/gocode and the
 * registry is unreachable, so modules and the proxy are off.
 */
export function buildHelmRenderer(): string {
  const hash = crypto.createHash('sha256');
  for (const file of sourceFiles()) {
    hash
      .update(file)
      .update(fs.readFileSync(path.join(helmRendererSourceDir, file)));
  }
  const key = hash.digest('hex').slice(0, 16);
  const root = path.join(
    os.tmpdir(),
    'eks-templates-verification',
    `helmrender-${key}`,
  );
  const binary = path.join(root, 'helmrender');
  if (fs.existsSync(binary)) {
    return binary;
  }
  const pkgDir = path.join(root, 'gopath', 'src', 'helmrender');
  fs.mkdirSync(pkgDir, { recursive: true });
  for (const file of sourceFiles()) {
    fs.copyFileSync(
      path.join(helmRendererSourceDir, file),
      path.join(pkgDir, file),
    );
  }
  const tmpBinary = `${binary}.${process.pid}`;
  const result = spawnSync('go', ['build', '-o', tmpBinary, '.'], {
    cwd: pkgDir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GO111MODULE: 'off',
      GOPATH: `${path.join(root, 'gopath')}:${GOPATH_SYSTEM}`,
      GOPROXY: 'off',
      GOFLAGS: '',
      GOCACHE: path.join(os.tmpdir(), 'eks-templates-verification', 'gocache'),
    },
  });
  if (result.error || result.status !== 0) {
    throw new Error(
      `building the Helm renderer failed (needs Debian packages golang-go, golang-github-masterminds-sprig-dev, golang-k8s-sigs-yaml-dev, golang-github-xeipuuv-gojsonschema-dev): ${
        result.error?.message ?? result.stderr
      }`,
    );
  }
  fs.renameSync(tmpBinary, binary);
  return binary;
}

export interface RenderOptions {
  chartDir: string;
  valueFiles?: string[];
  releaseName?: string;
  namespace?: string;
  kubeVersion?: string;
  apiVersions?: string[];
}

export interface RenderedDocument {
  source: string;
  text: string;
}

export interface RenderResult {
  ok: boolean;
  stdout: string;
  stderr: string;
  documents: RenderedDocument[];
  notes: string;
}

/** `helm template` equivalent. */
export function renderChart(options: RenderOptions): RenderResult {
  const binary = buildHelmRenderer();
  const notesFile = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'helm-notes-')),
    'NOTES.txt',
  );
  const args = [
    '--release-name',
    options.releaseName ?? 'release-name',
    '--namespace',
    options.namespace ?? 'default',
    '--kube-version',
    options.kubeVersion ?? '1.30.0',
    '--notes-out',
    notesFile,
    ...(options.valueFiles ?? []).flatMap(f => ['-f', f]),
    ...(options.apiVersions ?? []).flatMap(v => ['--api-versions', v]),
    options.chartDir,
  ];
  const result = spawnSync(binary, args, { encoding: 'utf8' });
  const stdout = result.stdout ?? '';
  const documents = stdout
    .split(/^---\n# Source: /m)
    .filter(chunk => chunk.trim() !== '')
    .map(chunk => {
      const newline = chunk.indexOf('\n');
      return {
        source: chunk.slice(0, newline),
        text: chunk.slice(newline + 1),
      };
    });
  return {
    ok: result.status === 0,
    stdout,
    stderr: result.stderr ?? '',
    documents,
    notes: fs.existsSync(notesFile) ? fs.readFileSync(notesFile, 'utf8') : '',
  };
}
