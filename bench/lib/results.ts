import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The measured commit; `-dirty` when the measured paths differ from it. */
export function measuredCommit(paths: string[]): string {
  try {
    const commit = execSync('git rev-parse HEAD', {
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    const dirty = execSync(`git status --porcelain -- ${paths.join(' ')}`, {
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    return dirty ? `${commit}-dirty` : commit;
  } catch {
    return 'uncommitted';
  }
}

/** The previous run's report (`<name>-latest.json`), read before it is overwritten. */
export function readLatest(dir: string, name: string): any | undefined {
  const file = path.join(dir, `${name}-latest.json`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Writes `<name>-<time>.json` and `<name>-latest.json`; returns the first. */
export function writeReport(
  dir: string,
  name: string,
  report: { measuredAt: string },
): string {
  fs.mkdirSync(dir, { recursive: true });
  const text = `${JSON.stringify(report, null, 2)}\n`;
  const file = path.join(
    dir,
    `${name}-${report.measuredAt.replace(/[:.]/g, '-')}.json`,
  );
  fs.writeFileSync(file, text);
  fs.writeFileSync(path.join(dir, `${name}-latest.json`), text);
  return file;
}
