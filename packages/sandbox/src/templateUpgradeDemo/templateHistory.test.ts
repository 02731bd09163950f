import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { templateRepositoryGit, writeTemplateHistory } from './templateHistory';

describe('writeTemplateHistory', () => {
  const scratch: string[] = [];
  afterEach(() => {
    for (const dir of scratch.splice(0))
      fs.rmSync(dir, { recursive: true, force: true });
  });

  function folder(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'template-version-'));
    scratch.push(dir);
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), content);
    }
    return dir;
  }

  it('commits each version as the platform team, oldest first, a removed file gone', () => {
    const v1 = folder({ 'template.yaml': 'v1\n', 'old.txt': 'x\n' });
    const v2 = folder({ 'template.yaml': 'v2\n' });
    const dir = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'template-repo-')),
      'repo',
    );
    scratch.push(path.dirname(dir));

    writeTemplateHistory({
      dir,
      templatePath: 'templates/t',
      versions: [v1, v2],
    });

    const log = templateRepositoryGit(dir, 'log', '--format=%an <%ae>|%cn|%s');
    expect(log.trim().split('\n')).toEqual([
      `Platform <platform@example.com>|Platform|${path.basename(v2)}`,
      `Platform <platform@example.com>|Platform|${path.basename(v1)}`,
    ]);
    expect(
      templateRepositoryGit(dir, 'show', 'HEAD~1:templates/t/old.txt'),
    ).toBe('x\n');
    expect(fs.existsSync(path.join(dir, 'templates/t/old.txt'))).toBe(false);
    expect(
      fs.readFileSync(path.join(dir, 'templates/t/template.yaml'), 'utf8'),
    ).toBe('v2\n');
  });
});
