import { NotFoundError } from '@backstage/errors';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { runGit } from './git';
import { compareTemplateVersions, templateVersionOf } from './templateVersion';

/** One version of a template: where its files are on disk. */
export interface TemplateAtVersion {
  version: string;
  /** Folder holding template.yaml, skeleton/ and CHANGELOG.md of that version. */
  dir: string;
}

/**
 * Where the versions of a template come from. Old versions come from the
 * git history of the repository the template lives in (see
 * docs/template-upgrades.md for why not versioned copies): each version is
 * the newest commit whose template.yaml carries it.
 */
export interface TemplateHistory {
  /** Versions found, oldest first. */
  versions(): Promise<string[]>;
  /** Writes the template's folder at `version` below `destination`. */
  checkout(version: string, destination: string): Promise<TemplateAtVersion>;
}

/**
 * A template's versions read from a git repository on disk (a clone of the
 * platform's template repository, or this repository itself). `templatePath`
 * is the template's folder inside it, e.g. `templates/eks-service`.
 */
export class GitTemplateHistory implements TemplateHistory {
  private commits?: Map<string, string>;

  constructor(
    private readonly options: { gitDir: string; templatePath: string },
  ) {}

  /** Version → newest commit whose template.yaml has that version. */
  private async versionCommits(): Promise<Map<string, string>> {
    if (this.commits) return this.commits;
    const { gitDir, templatePath } = this.options;
    const file = `${templatePath}/template.yaml`;
    const { stdout } = await runGit(
      ['log', '--format=%H', '--first-parent', 'HEAD', '--', file],
      { cwd: gitDir },
    );
    const commits = new Map<string, string>();
    for (const sha of stdout.split('\n').filter(Boolean)) {
      const { stdout: yaml } = await runGit(['show', `${sha}:${file}`], {
        cwd: gitDir,
      });
      const version = templateVersionOf(yaml);
      // The log is newest first: the first commit seen is the version's last.
      if (version && !commits.has(version)) commits.set(version, sha);
    }
    this.commits = commits;
    return commits;
  }

  async versions(): Promise<string[]> {
    return [...(await this.versionCommits()).keys()].sort(
      compareTemplateVersions,
    );
  }

  async checkout(
    version: string,
    destination: string,
  ): Promise<TemplateAtVersion> {
    const commits = await this.versionCommits();
    const sha = commits.get(version);
    if (!sha) {
      throw new NotFoundError(
        `Template version ${version} is not in the history of ${
          this.options.templatePath
        }; known versions: ${[...commits.keys()].join(', ') || 'none'}.`,
      );
    }
    const { gitDir, templatePath } = this.options;
    const dir = path.join(destination, `v${version}`);
    await fs.mkdir(dir, { recursive: true });
    // Every file of the template's folder at that commit, byte for byte.
    const { stdout } = await runGit(
      ['ls-tree', '-r', '-z', '--full-tree', sha, '--', `${templatePath}/`],
      { cwd: gitDir },
    );
    for (const entry of stdout.split('\0').filter(Boolean)) {
      const [meta, file] = entry.split('\t');
      const [mode, type, blob] = meta.split(' ');
      if (type !== 'blob') continue;
      const relative = file.slice(templatePath.length + 1);
      const target = path.join(dir, relative);
      await fs.mkdir(path.dirname(target), { recursive: true });
      const content = await gitBlob(gitDir, blob);
      await fs.writeFile(target, content, {
        mode: mode === '100755' ? 0o755 : 0o644,
      });
    }
    return { version, dir };
  }
}

function gitBlob(gitDir: string, sha: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // Binary-safe: read the blob as bytes, not through runGit's utf8 string.
    execFile(
      'git',
      ['cat-file', 'blob', sha],
      { cwd: gitDir, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 },
      (error: Error | null, stdout: Buffer) =>
        error ? reject(error) : resolve(stdout),
    );
  });
}

/**
 * The template as it is in a folder on disk now (the working tree): the
 * target of an upgrade replayed by the template verification before the
 * change is committed.
 */
export async function templateInFolder(
  dir: string,
): Promise<TemplateAtVersion> {
  const yaml = await fs.readFile(path.join(dir, 'template.yaml'), 'utf8');
  const version = templateVersionOf(yaml);
  if (!version) {
    throw new NotFoundError(
      `${dir}/template.yaml has no eks.platform/template-version annotation.`,
    );
  }
  return { version, dir };
}
