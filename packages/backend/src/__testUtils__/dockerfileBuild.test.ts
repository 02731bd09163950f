import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildImage } from './dockerfileBuild';

describe('buildImage', () => {
  let dir: string;
  let context: string;
  let root: string;
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(context, file)), { recursive: true });
    fs.writeFileSync(path.join(context, file), text);
  };
  const nothingExcluded = () => false;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerfile-build-'));
    context = path.join(dir, 'context');
    root = path.join(dir, 'root');
    fs.mkdirSync(root, { recursive: true });
    write('conf/a.yaml', 'a');
    write('conf/secret.local.yaml', 'never copied');
    write('one.txt', '1');
    write('two.txt', '2');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const dockerfile = [
    'FROM node:22 AS build',
    'RUN echo first stage > /never',
    'FROM node:22-bookworm-slim',
    'USER 1000:1000',
    'WORKDIR /app',
    'COPY --chown=node:node conf ./conf',
    'COPY one.txt two.txt ./',
    'ENV NODE_ENV=production GREETING=hello',
    'RUN echo "$GREETING $NODE_ENV" > greeting && tar czf conf.tgz conf && apt-get install -y x',
    'CMD ["node", "packages/backend", "--config", "conf/a.yaml"]',
  ].join('\n');

  it('builds the last stage: COPY as Docker copies, RUN with its ENV in WORKDIR, the config recorded', () => {
    const image = buildImage({
      dockerfile,
      context,
      root,
      excluded: p => p.endsWith('.local.yaml'),
      skip: [{ pattern: /^apt-get /, why: 'not here' }],
      users: { node: '1000:1000' },
    });
    // COPY --chown and RUN as USER: the image's files are the user's.
    expect(fs.statSync(path.join(root, 'app/conf/a.yaml')).uid).toBe(1000);
    expect(fs.statSync(path.join(root, 'app/greeting')).uid).toBe(1000);
    expect(image.config).toEqual({
      from: 'node:22-bookworm-slim',
      workdir: '/app',
      env: { NODE_ENV: 'production', GREETING: 'hello' },
      user: '1000:1000',
      cmd: ['node', 'packages/backend', '--config', 'conf/a.yaml'],
    });
    const app = path.join(root, 'app');
    expect(fs.readdirSync(app).sort()).toEqual([
      'conf',
      'conf.tgz',
      'greeting',
      'one.txt',
      'two.txt',
    ]);
    expect(fs.readdirSync(path.join(app, 'conf'))).toEqual(['a.yaml']);
    expect(fs.readFileSync(path.join(app, 'greeting'), 'utf8')).toBe(
      'hello production\n',
    );
    expect(image.steps.find(s => s.instruction.startsWith('RUN'))).toEqual({
      instruction: expect.stringContaining('RUN echo'),
      outcome: expect.stringContaining(
        'apt-get install -y x: skipped: not here',
      ),
    });
  });

  it('refuses a COPY of something the context does not hold', () => {
    fs.rmSync(path.join(context, 'two.txt'));
    expect(() =>
      buildImage({
        dockerfile,
        context,
        root,
        excluded: nothingExcluded,
        users: { node: '1000:1000' },
      }),
    ).toThrow('two.txt is not in the build context');
  });

  it('never runs a command naming an absolute path on this machine', () => {
    expect(() =>
      buildImage({
        dockerfile: 'FROM x\nWORKDIR /app\nRUN rm -rf /var/lib/apt/lists/*',
        context,
        root,
        excluded: nothingExcluded,
      }),
    ).toThrow('names an absolute path');
  });

  it('keeps a cached RUN as a layer and reuses it while its inputs are unchanged', () => {
    const cached = {
      dockerfile:
        'FROM x\nWORKDIR /app\nCOPY one.txt ./\nRUN cat one.txt >> out',
      context,
      excluded: nothingExcluded,
      layerCache: { dir: path.join(dir, 'layers'), runs: /^cat / },
    };
    const first = buildImage({ ...cached, root });
    expect(first.steps[3].outcome).toMatch(/ran in/);
    const again = path.join(dir, 'again');
    fs.mkdirSync(again);
    const second = buildImage({ ...cached, root: again });
    expect(second.steps[3].outcome).toMatch(/layer cache/);
    expect(fs.readFileSync(path.join(again, 'app/out'), 'utf8')).toBe('1');
    write('one.txt', 'changed');
    const third = path.join(dir, 'third');
    fs.mkdirSync(third);
    expect(buildImage({ ...cached, root: third }).steps[3].outcome).toMatch(
      /ran in/,
    );
    expect(fs.readFileSync(path.join(third, 'app/out'), 'utf8')).toBe(
      'changed',
    );
  });
});
