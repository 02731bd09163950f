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

/**
 * Runs git in a template repository as the platform team (the author and
 * committer of its versions, whoever runs the test); returns stdout. The
 * identity is set here so that no developer or CI git config is needed.
 */
export function templateRepositoryGit(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
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
  templateRepositoryGit(dir, 'init', '--quiet');
  for (const version of versions) {
    const target = path.join(dir, templatePath);
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(version, target, { recursive: true });
    templateRepositoryGit(dir, 'add', '--all');
    templateRepositoryGit(
      dir,
      'commit',
      '--quiet',
      '-m',
      path.basename(version),
    );
  }
  return dir;
}
