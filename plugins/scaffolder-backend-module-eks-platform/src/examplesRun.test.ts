import fs from 'node:fs';
import path from 'node:path';

/*
 * Every documented example runs: each action's `<name>.examples.ts` has a
 * `<name>.examples.test.ts` beside it that imports it (and every agent
 * tool's examples run in the same files, see registryActions/).
 */
describe('action examples', () => {
  const actionsDir = path.join(__dirname, 'actions');
  const exampleFiles = fs
    .readdirSync(actionsDir, { recursive: true, encoding: 'utf8' })
    .filter(f => f.endsWith('.examples.ts'));

  it('finds the examples of every action', () => {
    expect(exampleFiles.length).toBeGreaterThanOrEqual(7);
  });

  it.each(exampleFiles)('%s is run by its examples test', file => {
    const test = path.join(actionsDir, file.replace(/\.ts$/, '.test.ts'));
    expect(fs.existsSync(test)).toBe(true);
    const base = path.basename(file, '.ts');
    expect(fs.readFileSync(test, 'utf8')).toContain(`from './${base}'`);
  });
});
