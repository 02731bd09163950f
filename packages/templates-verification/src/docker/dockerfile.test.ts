/* eslint-disable jest/no-conditional-expect -- policy checks branch on the input set or step under test; every branch asserts */
import fs from 'node:fs';
import path from 'node:path';
import { DockerfileParser, Instruction } from 'dockerfile-ast';
import { skeletonDir } from '../paths';

const text = fs.readFileSync(path.join(skeletonDir, 'Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(text);
const instructions = dockerfile.getInstructions();
const keyword = (i: Instruction) => i.getKeyword();

function stages(): Instruction[][] {
  const result: Instruction[][] = [];
  for (const instruction of instructions) {
    if (keyword(instruction) === 'FROM') result.push([]);
    result[result.length - 1]?.push(instruction);
  }
  return result;
}

describe('Dockerfile policy', () => {
  it('is multi-stage with a separate, small runtime stage', () => {
    const froms = dockerfile.getFROMs();
    expect(froms.length).toBeGreaterThanOrEqual(2);
    const runtime = froms[froms.length - 1];
    expect(runtime.getImageName()).toMatch(/distroless|alpine|slim/);
    // The runtime copies build output from an earlier stage, not the source tree.
    const runtimeCopies = stages()
      .at(-1)!
      .filter(i => keyword(i) === 'COPY');
    expect(runtimeCopies.length).toBeGreaterThan(0);
    for (const copy of runtimeCopies) {
      expect(copy.getTextContent()).toMatch(/--from=build/);
    }
  });

  it('pins base images to a version, never latest', () => {
    for (const from of dockerfile.getFROMs()) {
      expect(from.getImageTag() ?? from.getImageDigest()).toBeTruthy();
      expect(from.getImageTag()).not.toBe('latest');
    }
  });

  it('runs as a numeric non-root user in the final stage', () => {
    const users = stages()
      .at(-1)!
      .filter(i => keyword(i) === 'USER');
    expect(users).toHaveLength(1);
    const [user, group] = users[0].getArgumentsContent()!.split(':');
    expect(user).toMatch(/^\d+$/);
    expect(Number(user)).toBeGreaterThanOrEqual(1000);
    if (group !== undefined) expect(group).toMatch(/^\d+$/);
  });

  it('uses no ADD, no HEALTHCHECK, and exec form for ENTRYPOINT, CMD and RUN', () => {
    expect(instructions.filter(i => keyword(i) === 'ADD')).toEqual([]);
    expect(instructions.filter(i => keyword(i) === 'HEALTHCHECK')).toEqual([]);
    for (const i of instructions.filter(x =>
      ['ENTRYPOINT', 'CMD', 'RUN'].includes(keyword(x)),
    )) {
      expect({
        line: i.getTextContent(),
        exec: /^\s*\[.*\]\s*$/s.test(i.getArgumentsContent() ?? ''),
      }).toEqual({
        line: i.getTextContent(),
        exec: true,
      });
    }
    expect(dockerfile.getENTRYPOINTs()).toHaveLength(1);
  });

  it('leaves no package-manager cache in the image', () => {
    const runs = instructions
      .filter(i => keyword(i) === 'RUN')
      .map(i => i.getTextContent());
    for (const run of runs.filter(r => /npm (ci|install)/.test(r))) {
      expect(run).toMatch(/--cache \/tmp\/npm-cache/);
    }
    expect(runs.some(r => /rm -rf \/tmp\/npm-cache/.test(r))).toBe(true);
    expect(text).not.toMatch(/apt-get install|apk add/);
    // Nothing from the build stage's /tmp or /root reaches the runtime.
    for (const copy of stages()
      .at(-1)!
      .filter(i => keyword(i) === 'COPY')) {
      expect(copy.getTextContent()).not.toMatch(/\/tmp|\/root/);
    }
  });

  it('keeps the build context small with .dockerignore', () => {
    const ignore = fs.readFileSync(
      path.join(skeletonDir, '.dockerignore'),
      'utf8',
    );
    expect(ignore).toMatch(/^\*$/m);
    expect(ignore).toMatch(/^!src\/$/m);
    expect(ignore).not.toMatch(/^!\.git/m);
  });
});
