import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../harness/platformConfig';

/**
 * Writes the rolling restart's figures beside the benchmarks' results,
 * as bench/results/rolling-restart-<time>.json and
 * rolling-restart-latest.json, and returns the file written.
 */
export function writeRollingRestartReport(figures: object): string {
  const measuredAt = new Date().toISOString();
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    }).trim();
  } catch {
    // Not a git checkout: the figures still count.
  }
  const report = {
    benchmark: 'rolling-restart',
    commit,
    measuredAt,
    machine: { cpus: os.cpus().length, node: process.version },
    ...figures,
  };
  const dir = path.join(REPO_ROOT, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const text = `${JSON.stringify(report, null, 2)}\n`;
  const file = path.join(
    dir,
    `rolling-restart-${measuredAt.replace(/[:.]/g, '-')}.json`,
  );
  fs.writeFileSync(file, text);
  fs.writeFileSync(path.join(dir, 'rolling-restart-latest.json'), text);
  return file;
}
