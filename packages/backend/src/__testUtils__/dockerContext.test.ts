import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  contextCopySources,
  dockerignoreExcludes,
  resolveCopySource,
} from './dockerContext';

describe('the Docker build context', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'docker-context-'));
    for (const file of [
      'app-config.yaml',
      'app-config.production.yaml',
      'app-config.local.yaml',
      'plugins/a/package.json',
      'packages/backend/dist/bundle.tar.gz',
      'packages/backend/src/index.ts',
    ]) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), '');
    }
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const excluded = dockerignoreExcludes(
    [
      '# comment',
      'plugins',
      'packages/*/src',
      '*.local.yaml',
      '!plugins/keep',
    ].join('\n'),
  );

  it('reads the sources of COPY, not its flags, target or other stages', () => {
    expect(
      contextCopySources(
        [
          'FROM node:22-bookworm-slim',
          'COPY --chown=node:node examples ./examples',
          'COPY --chown=node:node a.tar.gz app-config*.yaml ./',
          'COPY --from=build /app/dist ./dist',
        ].join('\n'),
      ),
    ).toEqual(['examples', 'a.tar.gz', 'app-config*.yaml']);
  });

  it('finds nothing for a folder that does not exist (the old `examples`)', () => {
    expect(resolveCopySource(root, 'examples', excluded)).toEqual([]);
  });

  it('leaves out what .dockerignore excludes, with its parent folders', () => {
    expect(excluded('plugins/a/package.json')).toBe(true);
    expect(excluded('plugins/keep')).toBe(false);
    expect(excluded('packages/backend/src/index.ts')).toBe(true);
    expect(excluded('packages/backend/dist/bundle.tar.gz')).toBe(false);
    expect(resolveCopySource(root, 'plugins', excluded)).toEqual([]);
    expect(
      resolveCopySource(root, 'packages/backend/dist/bundle.tar.gz', excluded),
    ).toEqual(['packages/backend/dist/bundle.tar.gz']);
  });

  it('expands wildcards in their folder, minus excluded matches', () => {
    expect(
      resolveCopySource(root, 'app-config*.yaml', excluded).sort(),
    ).toEqual(['app-config.production.yaml', 'app-config.yaml']);
  });
});
