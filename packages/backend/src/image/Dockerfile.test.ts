import fs from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import { BACKEND_DIR, REPO_ROOT } from '../__testUtils__/repoConfig';
import {
  contextCopySources,
  dockerignoreExcludes,
  resolveCopySource,
} from '../__testUtils__/dockerContext';
import {
  BACKEND_BUILD_OUTPUTS,
  BACKEND_DIST,
  ensureBackendBuild,
} from '../__testUtils__/backendBuild';

const DIST = BACKEND_DIST;
const BUILD_OUTPUTS = BACKEND_BUILD_OUTPUTS;

async function listTarball(file: string): Promise<string[]> {
  const entries: string[] = [];
  await tar.list({ file, onReadEntry: e => entries.push(e.path) });
  return entries;
}

describe('packages/backend/Dockerfile', () => {
  const dockerfile = fs.readFileSync(
    path.join(BACKEND_DIR, 'Dockerfile'),
    'utf8',
  );
  const excluded = dockerignoreExcludes(
    fs.readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8'),
  );

  beforeAll(() => ensureBackendBuild(), 16 * 60_000);

  it('copies only what exists in the build context after yarn build:backend', () => {
    const sources = contextCopySources(dockerfile);
    expect(sources).toEqual(
      expect.arrayContaining(
        BUILD_OUTPUTS.map(f => `packages/backend/dist/${f}`),
      ),
    );
    const missing = sources.filter(
      s => resolveCopySource(REPO_ROOT, s, excluded).length === 0,
    );
    expect(missing).toEqual([]);
  });

  it('takes from the build exactly the files the build writes', () => {
    const fromBuild = contextCopySources(dockerfile).filter(s =>
      s.startsWith('packages/backend/dist/'),
    );
    expect(fromBuild.map(s => path.posix.basename(s)).sort()).toEqual(
      fs.readdirSync(DIST).sort(),
    );
  });

  it('starts a backend the bundle contains, with config files it copies', async () => {
    const cmd = JSON.parse(
      dockerfile.match(/^CMD (\[.*\])$/m)?.[1] ?? '[]',
    ) as string[];
    expect(cmd.slice(0, 2)).toEqual(['node', 'packages/backend']);
    const bundle = await listTarball(path.join(DIST, 'bundle.tar.gz'));
    const backendPackage = JSON.parse(
      fs.readFileSync(path.join(BACKEND_DIR, 'package.json'), 'utf8'),
    );
    expect(bundle).toContain('packages/backend/package.json');
    expect(bundle).toContain(
      path.posix.join('packages/backend', backendPackage.main),
    );
    const configs = cmd.filter((_, i) => cmd[i - 1] === '--config');
    expect(configs).toEqual(['app-config.yaml', 'app-config.production.yaml']);
    for (const config of configs) {
      expect(
        resolveCopySource(REPO_ROOT, 'app-config*.yaml', excluded),
      ).toContain(config);
    }
  });

  it('lets yarn install the production dependencies of every bundled package', async () => {
    const skeleton = await listTarball(path.join(DIST, 'skeleton.tar.gz'));
    const bundledPackages = (
      await listTarball(path.join(DIST, 'bundle.tar.gz'))
    )
      .filter(p => /^(packages|plugins)\/[^/]+\/package\.json$/.test(p))
      .sort();
    expect(bundledPackages.length).toBeGreaterThan(1);
    expect(skeleton.filter(p => p.endsWith('package.json')).sort()).toEqual(
      bundledPackages,
    );
  });

  it('runs the Node major the repository builds with', () => {
    const from = dockerfile.match(/^FROM node:(\d+)-/m)?.[1];
    const engines = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'),
    ).engines.node;
    expect(from).toBe(engines);
    expect(process.versions.node.split('.')[0]).toBe(from);
  });
});
