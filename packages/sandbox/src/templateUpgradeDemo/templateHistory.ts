import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A git repository whose history holds a template's versions, one commit
 * each, as a platform team's template repository does: the template-upgrade
 * engine reads old versions from that history (docs/template-upgrades.md).
 */
export interface TemplateHistoryOptions {
  /** The repository to create; emptied first. */
  dir: string;
  /** Where the template lives inside the repository, e.g. `templates/mini-service`. */
  templatePath: string;
  /** Folders with a version's files (template.yaml, skeleton/, CHANGELOG.md), oldest first. */
  versions: string[];
}

function git(cwd: string, ...args: string[]) {
  execFileSync('git', args, {
    cwd,
    stdio: 'ignore',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Platform',
      GIT_AUTHOR_EMAIL: 'platform@example.com',
      GIT_COMMITTER_NAME: 'Platform',
      GIT_COMMITTER_EMAIL: 'platform@example.com',
    },
  });
}

/** Writes the repository; returns its path. */
export function writeTemplateHistory(options: TemplateHistoryOptions): string {
  const { dir, templatePath, versions } = options;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  git(dir, 'init', '--quiet');
  for (const version of versions) {
    const target = path.join(dir, templatePath);
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(version, target, { recursive: true });
    git(dir, 'add', '--all');
    git(dir, 'commit', '--quiet', '-m', path.basename(version));
  }
  return dir;
}
