import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { ProcessOutputTail } from './ProcessOutputTail';

/** Runs `script` in a real Node child process, its output followed by `tail`. */
async function run(tail: ProcessOutputTail, script: string) {
  const child = spawn(process.execPath, ['-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  tail.follow(child);
  await once(child, 'close');
}

describe('ProcessOutputTail', () => {
  it('keeps stdout and stderr and answers the last lines, without the excluded ones', async () => {
    const tail = new ProcessOutputTail();
    await run(
      tail,
      `console.log('starting'); console.log('GET /health'); console.error('boom'); console.log('done')`,
    );
    expect(tail.printed('boom')).toBe(true);
    expect(tail.printed('never said')).toBe(false);
    expect(tail.lastLines(80, /health/).split('\n')).toEqual(
      expect.arrayContaining(['starting', 'boom', 'done']),
    );
    expect(tail.lastLines(80, /health/)).not.toContain('GET /health');
  });

  it('forgets the oldest chunks beyond its bound', async () => {
    const tail = new ProcessOutputTail(2);
    await run(
      tail,
      `(async () => { for (const w of ['one', 'two', 'three']) { process.stdout.write(w + '\\n'); await new Promise(r => setTimeout(r, 50)); } })()`,
    );
    expect(tail.printed('one')).toBe(false);
    expect(tail.lastLines()).toBe('two\nthree\n');
    expect(tail.lastLines(2)).toBe('three\n');
  });
});
