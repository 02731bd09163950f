import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RenderedTree } from './renderTemplate';
import { mergeTemplateUpgrade } from './threeWayMerge';

const file = (content: string, executable = false) => ({ content, executable });
const tree = (files: Record<string, string>): RenderedTree =>
  new Map(Object.entries(files).map(([p, c]) => [p, file(c)]));

const LINES = 'a\nb\nc\nd\ne\nf\ng\nh\n';

describe('mergeTemplateUpgrade', () => {
  let workDir: string;
  beforeEach(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'merge-test-'));
  });
  afterEach(() => fs.rmSync(workDir, { recursive: true, force: true }));

  it('applies each rule of the merge table', async () => {
    const base = tree({
      'untouched-by-template': 'x\n',
      'template-only': LINES,
      'both-apart': LINES,
      'both-same-line': LINES,
      'team-deleted': LINES,
      'template-deleted-unchanged': 'old\n',
      'template-deleted-changed': 'old\n',
    });
    const theirs = tree({
      'untouched-by-template': 'x\n',
      'template-only': LINES.replace('a\n', 'A\n'),
      'both-apart': LINES.replace('a\n', 'A\n'),
      'both-same-line': LINES.replace('d\n', 'template-d\n'),
      'team-deleted': LINES.replace('a\n', 'A\n'),
      'template-added': 'new\n',
    });
    const ours = new Map(
      Object.entries({
        'untouched-by-template': 'team x\n',
        'template-only': LINES,
        'both-apart': LINES.replace('h\n', 'H\n'),
        'both-same-line': LINES.replace('d\n', 'team-d\n'),
        'template-deleted-unchanged': 'old\n',
        'template-deleted-changed': 'team\n',
      }).map(([p, c]) => [p, file(c)]),
    );
    const result = await mergeTemplateUpgrade({ base, theirs, ours, workDir });
    expect(Object.fromEntries(result.outcomes)).toEqual({
      'template-only': 'updated',
      'both-apart': 'merged',
      'both-same-line': 'conflict',
      'team-deleted': 'kept-deleted',
      'template-deleted-unchanged': 'removed',
      'template-deleted-changed': 'kept-changed',
      'template-added': 'added',
    });
    expect(result.writes.get('both-apart')?.content).toBe(
      'A\nb\nc\nd\ne\nf\ng\nH\n',
    );
    expect(result.writes.get('both-same-line')?.content).toContain(
      '<<<<<<< repository\nteam-d\n=======\ntemplate-d\n>>>>>>> template-target\n',
    );
    expect(result.deletions).toEqual(['template-deleted-unchanged']);
    expect(result.writes.has('untouched-by-template')).toBe(false);
    expect(result.writes.has('team-deleted')).toBe(false);
  });

  it('keeps the team’s executable bit on a merged file', async () => {
    const result = await mergeTemplateUpgrade({
      base: new Map([['run.sh', file(LINES, false)]]),
      theirs: new Map([['run.sh', file(LINES.replace('a\n', 'A\n'), false)]]),
      ours: new Map([['run.sh', file(LINES.replace('h\n', 'H\n'), true)]]),
      workDir,
    });
    expect(result.writes.get('run.sh')).toEqual(
      file('A\nb\nc\nd\ne\nf\ng\nH\n', true),
    );
  });

  it('always takes the record from the new render', async () => {
    const result = await mergeTemplateUpgrade({
      base: tree({ '.backstage/template.json': '{"v":1}\n' }),
      theirs: tree({ '.backstage/template.json': '{"v":2}\n' }),
      ours: new Map(),
      workDir,
      alwaysTheirs: ['.backstage/template.json'],
    });
    expect(result.outcomes.get('.backstage/template.json')).toBe('added');
  });
});
