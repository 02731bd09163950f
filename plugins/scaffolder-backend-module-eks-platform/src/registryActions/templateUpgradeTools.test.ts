import { changedFiles } from '@internal/backstage-plugin-eks-platform-node';
import { AGENT_DIFF_LIMIT, upgradeAnswer } from './templateUpgradeTools';

const fileDiff = (path: string, lines: number) =>
  [
    `diff --git a/${path} b/${path}`,
    `--- a/${path}`,
    `+++ b/${path}`,
    '@@ -1 +1 @@',
    ...Array.from({ length: lines }, (_, i) => `+line ${i}`),
  ].join('\n');

describe('upgradeAnswer', () => {
  it('lists every changed file and keeps a small diff whole', () => {
    const diff = [
      fileDiff('Dockerfile', 2),
      fileDiff('chart/values.yaml', 3),
    ].join('\n');
    expect(changedFiles(diff)).toEqual(['Dockerfile', 'chart/values.yaml']);
    expect(
      upgradeAnswer({ status: 'dry-run', conflicts: ['Dockerfile'], diff }),
    ).toEqual({
      status: 'dry-run',
      conflicts: ['Dockerfile'],
      changedFiles: ['Dockerfile', 'chart/values.yaml'],
      diff,
      diffTruncated: false,
    });
  });

  it('cuts a large diff to what an agent can read, and still names every file', () => {
    const diff = Array.from({ length: 40 }, (_, i) =>
      fileDiff(`src/file${i}.ts`, 200),
    ).join('\n');
    expect(diff.length).toBeGreaterThan(AGENT_DIFF_LIMIT);
    const answer = upgradeAnswer({ status: 'dry-run', diff });
    expect(answer.diffTruncated).toBe(true);
    expect(answer.diff.length).toBeLessThan(AGENT_DIFF_LIMIT + 100);
    expect(answer.diff).toMatch(/diff cut at 20000 of \d+ characters$/);
    expect(answer.changedFiles).toHaveLength(40);
  });
});
