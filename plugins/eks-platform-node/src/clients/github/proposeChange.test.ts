import { execFileSync } from 'node:child_process';
import { gitBlobSha } from './proposeChange';

describe('gitBlobSha', () => {
  it.each(['', 'hello\n', 'näive ✓ unicode\n'])(
    'matches git hash-object for %j',
    content => {
      const expected = execFileSync('git', ['hash-object', '--stdin'], {
        input: Buffer.from(content, 'utf8'),
      })
        .toString()
        .trim();
      expect(gitBlobSha(content)).toBe(expected);
    },
  );
});
