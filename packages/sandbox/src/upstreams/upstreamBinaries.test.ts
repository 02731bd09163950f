import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  findUpstreamBinary,
  repositoryRoot,
  upstreamBinary,
} from './upstreamBinaries';

describe('upstream binaries', () => {
  let root: string;
  const pins = {
    go: '1.26',
    tools: {
      helm: { module: 'helm.sh/helm/v3', version: 'v3.22.0', binary: 'helm' },
    },
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'upstreams-'));
    mkdirSync(join(root, 'tools', 'upstreams'), { recursive: true });
    writeFileSync(
      join(root, 'tools', 'upstreams', 'pins.json'),
      JSON.stringify(pins),
    );
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function record(version: string, path: string) {
    mkdirSync(join(root, '.cache'), { recursive: true });
    writeFileSync(
      join(root, '.cache', 'upstreams.json'),
      JSON.stringify({
        tools: { helm: { path, module: 'helm.sh/helm/v3', version } },
      }),
    );
  }

  it('finds a binary the bootstrap recorded at the pinned version', () => {
    const path = join(root, 'helm');
    writeFileSync(path, '');
    record('v3.22.0', path);
    expect(upstreamBinary('helm', root)).toEqual({
      name: 'helm',
      path,
      module: 'helm.sh/helm/v3',
      version: 'v3.22.0',
    });
  });

  it('says how to build a binary that was never built', () => {
    expect(() => upstreamBinary('helm', root)).toThrow(
      /helm v3\.22\.0 \(helm\.sh\/helm\/v3\) is not built.*upstreams\.mjs/,
    );
  });

  it('does not hand out a binary built for another pinned version', () => {
    const path = join(root, 'helm');
    writeFileSync(path, '');
    record('v3.21.0', path);
    expect(findUpstreamBinary('helm', root).binary).toBeUndefined();
  });

  it('does not hand out a recorded binary that was deleted from the cache', () => {
    record('v3.22.0', join(root, 'gone'));
    expect(findUpstreamBinary('helm', root).reason).toMatch(/not built/);
  });

  it('refuses names that are not pinned', () => {
    expect(() => upstreamBinary('kubectl', root)).toThrow(
      /"kubectl" is not an upstream pinned/,
    );
  });

  it('finds the repository root from inside the repository', () => {
    expect(repositoryRoot(__dirname)).toBe(join(__dirname, '../../../..'));
    expect(repositoryRoot()).toBe(join(__dirname, '../../../..'));
  });
});
