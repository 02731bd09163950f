import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ContainerProcess, containerUnsupported } from './containerProcess';

const unsupported = containerUnsupported();
const describeIfSupported = unsupported ? describe.skip : describe;

describeIfSupported('ContainerProcess', () => {
  let root: string;
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('runs as the given uid in the image root, read-only but for its writable paths', async () => {
    root = fs.mkdtempSync(path.join(os.homedir(), '.cache', 'container-'));
    fs.mkdirSync(path.join(root, 'app'));
    fs.writeFileSync(
      path.join(root, 'app/probe.js'),
      `const fs = require('fs');
       const tryWrite = f => { try { fs.writeFileSync(f, 'x'); return 'written'; } catch (e) { return e.code; } };
       console.log(JSON.stringify({
         uid: process.getuid(), gid: process.getgid(), groups: process.getgroups(),
         cwd: process.cwd(), node: process.execPath, env: process.env.PROBE,
         app: tryWrite('/app/x'), tmp: tryWrite('/tmp/x'), etc: tryWrite('/etc/x'),
         hostRootVisible: fs.existsSync('${root}'),
         hosts: fs.readFileSync('/etc/hosts', 'utf8').includes('127.0.0.1 upstream.example.invalid'),
       }));`,
    );
    const container = new ContainerProcess({
      root,
      workdir: '/app',
      cmd: ['node', 'probe.js'],
      env: { PATH: '/usr/local/bin:/usr/bin:/bin', PROBE: 'given' },
      uid: 1000,
      gid: 1000,
      writablePaths: ['/tmp'],
      nodeDir: path.resolve(process.execPath, '../..'),
      hosts: { 'upstream.example.invalid': '127.0.0.1' },
    });
    container.start();
    expect(await container.waitForExit(30_000)).toBe(0);
    expect(JSON.parse(container.logs().trim())).toEqual({
      uid: 1000,
      gid: 1000,
      groups: [1000],
      cwd: '/app',
      node: '/usr/local/bin/node',
      env: 'given',
      app: 'EROFS',
      tmp: 'written',
      etc: 'EROFS',
      hostRootVisible: false,
      hosts: true,
    });
    const tmp = container.writableDirs['/tmp'];
    expect(fs.readFileSync(path.join(tmp, 'x'), 'utf8')).toBe('x');
    await container.stop();
    expect(fs.existsSync(tmp)).toBe(false);
  });
});
