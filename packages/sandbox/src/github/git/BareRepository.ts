import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import { buildTree } from './buildTree';
import { installProtectionHook } from './protectionHook';
import { gitText, runGit } from '../../shared/runGit';

export interface GitIdentity {
  name: string;
  email: string;
  /** ISO 8601; now when omitted. */
  date?: string;
}

export interface CommitObject {
  sha: string;
  tree: string;
  parents: string[];
  author: Required<GitIdentity>;
  committer: Required<GitIdentity>;
  message: string;
}

export interface TreeEntry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  /** Bytes, for blobs only. */
  size?: number;
  path: string;
}

/** One change for `buildTree`; `sha: null` deletes the path. */
export interface TreeChange {
  path: string;
  mode: string;
  sha: string | null;
}

const SHA = /^[0-9a-f]{40}$/;

/**
 * A bare git repository on disk, driven through the git CLI so that every
 * object the REST API writes is a real git object that `git clone` sees.
 */
export class BareRepository {
  /**
   * Told about every ref a REST call or a push moved (before and after;
   * forty zeros for "did not exist"), e.g. to deliver push webhooks.
   */
  onRefUpdate?: (ref: string, before: string, after: string) => void;

  constructor(readonly gitDir: string) {}

  static async init(
    gitDir: string,
    defaultBranch: string,
  ): Promise<BareRepository> {
    await fs.mkdir(gitDir, { recursive: true });
    await runGit(gitDir, [
      'init',
      '--bare',
      '--quiet',
      `--initial-branch=${defaultBranch}`,
      gitDir,
    ]);
    // Smart HTTP pushes go through `git http-backend`, which refuses
    // receive-pack for unauthenticated users unless this is set; the
    // simulator authenticates before it hands over.
    await runGit(gitDir, ['config', 'http.receivepack', 'true']);
    await installProtectionHook(gitDir);
    return new BareRepository(gitDir);
  }

  git(args: string[], input?: Buffer | string) {
    return gitText(this.gitDir, args, { input });
  }

  /** The commit a ref, branch name or sha names; undefined when none. */
  async resolveCommit(ref: string): Promise<string | undefined> {
    if (ref.startsWith('-')) return undefined;
    const { stdout, exitCode } = await runGit(
      this.gitDir,
      ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`],
      { okExitCodes: [0, 1, 128] },
    );
    return exitCode === 0 ? stdout.toString().trim() : undefined;
  }

  /** Resolves a branch name first (as GitHub's `ref` parameters do), then any rev. */
  async resolveRefish(ref: string): Promise<string | undefined> {
    if (!ref.startsWith('refs/') && !SHA.test(ref)) {
      const branch = await this.resolveCommit(`refs/heads/${ref}`);
      if (branch) return branch;
      const tag = await this.resolveCommit(`refs/tags/${ref}`);
      if (tag) return tag;
    }
    return this.resolveCommit(ref);
  }

  async objectType(sha: string): Promise<string | undefined> {
    if (!/^[0-9a-f]{4,40}$/.test(sha)) return undefined;
    const { stdout, exitCode } = await runGit(
      this.gitDir,
      ['cat-file', '-t', sha],
      { okExitCodes: [0, 128] },
    );
    return exitCode === 0 ? stdout.toString().trim() : undefined;
  }

  async isEmpty(): Promise<boolean> {
    return (await this.listRefs('refs/heads/')).length === 0;
  }

  async listRefs(
    prefix = 'refs/',
  ): Promise<Array<{ ref: string; sha: string; type: string }>> {
    const text = await this.git([
      'for-each-ref',
      '--format=%(refname) %(objectname) %(objecttype)',
      prefix,
    ]);
    return text
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [ref, sha, type] = line.split(' ');
        return { ref, sha, type };
      });
  }

  async readRef(ref: string): Promise<string | undefined> {
    const refs = await this.listRefs(ref);
    return refs.find(r => r.ref === ref)?.sha;
  }

  /**
   * Moves a ref; with `expectedOld` the update is atomic compare-and-swap
   * (an empty string means "must not exist yet").
   */
  async updateRef(ref: string, sha: string, expectedOld?: string) {
    const args = ['update-ref', ref, sha];
    if (expectedOld !== undefined) args.push(expectedOld || '0'.repeat(40));
    const before =
      expectedOld === undefined ? (await this.readRef(ref)) ?? '' : expectedOld;
    await runGit(this.gitDir, args);
    this.onRefUpdate?.(ref, before || '0'.repeat(40), sha);
  }

  async deleteRef(ref: string) {
    const before = await this.readRef(ref);
    await runGit(this.gitDir, ['update-ref', '-d', ref]);
    if (before) this.onRefUpdate?.(ref, before, '0'.repeat(40));
  }

  async setHead(branch: string) {
    await runGit(this.gitDir, ['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
  }

  async writeBlob(content: Buffer): Promise<string> {
    return gitText(this.gitDir, ['hash-object', '-w', '--stdin'], {
      input: content,
    });
  }

  async readBlob(sha: string): Promise<Buffer> {
    return (await runGit(this.gitDir, ['cat-file', 'blob', sha])).stdout;
  }

  async readCommit(sha: string): Promise<CommitObject> {
    const raw = (
      await runGit(this.gitDir, ['cat-file', 'commit', sha])
    ).stdout.toString('utf8');
    const split = raw.indexOf('\n\n');
    const header = split === -1 ? raw : raw.slice(0, split);
    const message = split === -1 ? '' : raw.slice(split + 2);
    const parents: string[] = [];
    let tree = '';
    let author = parseIdentity('');
    let committer = author;
    for (const line of header.split('\n')) {
      const [key, ...rest] = line.split(' ');
      const value = rest.join(' ');
      if (key === 'tree') tree = value;
      else if (key === 'parent') parents.push(value);
      else if (key === 'author') author = parseIdentity(value);
      else if (key === 'committer') committer = parseIdentity(value);
    }
    return { sha, tree, parents, author, committer, message };
  }

  /** Entries of a tree-ish; `recursive` lists blobs and subtrees at every depth. */
  async listTree(treeish: string, recursive = false): Promise<TreeEntry[]> {
    const args = ['ls-tree', '-l', '-z'];
    if (recursive) args.push('-r', '-t');
    args.push(treeish);
    const out = (await runGit(this.gitDir, args)).stdout.toString('utf8');
    return out.split('\0').filter(Boolean).map(parseLsTreeLine);
  }

  /** The entry at `filePath` in a commit, or undefined. Root is the tree itself. */
  async entryAt(
    commit: string,
    filePath: string,
  ): Promise<TreeEntry | undefined> {
    const clean = filePath.replace(/^\/+|\/+$/g, '');
    if (clean === '') {
      const sha = await this.git(['rev-parse', `${commit}^{tree}`]);
      return { mode: '040000', type: 'tree', sha, path: '' };
    }
    const out = (
      await runGit(this.gitDir, ['ls-tree', '-l', '-z', commit, '--', clean])
    ).stdout.toString('utf8');
    const entry = out.split('\0').filter(Boolean).map(parseLsTreeLine)[0];
    return entry?.path === clean ? entry : undefined;
  }

  /**
   * Writes a tree: `base` (a tree-ish) plus `changes`, the way GitHub's
   * `base_tree` works (nested paths, deletions, subtrees).
   */
  buildTree(base: string | undefined, changes: TreeChange[]): Promise<string> {
    return buildTree(this.gitDir, base, changes);
  }

  async commitTree(input: {
    tree: string;
    parents: string[];
    message: string;
    author: GitIdentity;
    committer?: GitIdentity;
  }): Promise<string> {
    const committer = input.committer ?? input.author;
    const now = new Date().toISOString();
    const args = ['commit-tree', input.tree];
    for (const parent of input.parents) args.push('-p', parent);
    return gitText(this.gitDir, args, {
      input: input.message,
      env: {
        GIT_AUTHOR_NAME: input.author.name,
        GIT_AUTHOR_EMAIL: input.author.email,
        GIT_AUTHOR_DATE: input.author.date ?? now,
        GIT_COMMITTER_NAME: committer.name,
        GIT_COMMITTER_EMAIL: committer.email,
        GIT_COMMITTER_DATE: committer.date ?? now,
      },
    });
  }

  /** Three-way merge of two commits; `tree` is undefined on conflicts. */
  async mergeTrees(
    ours: string,
    theirs: string,
  ): Promise<{ tree?: string; conflicts: boolean }> {
    const { stdout, exitCode } = await runGit(
      this.gitDir,
      [
        'merge-tree',
        '--write-tree',
        '--allow-unrelated-histories',
        ours,
        theirs,
      ],
      { okExitCodes: [0, 1] },
    );
    if (exitCode === 1) return { conflicts: true };
    return {
      tree: stdout.toString('utf8').split('\n')[0].trim(),
      conflicts: false,
    };
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    const { exitCode } = await runGit(
      this.gitDir,
      ['merge-base', '--is-ancestor', ancestor, descendant],
      { okExitCodes: [0, 1] },
    );
    return exitCode === 0;
  }

  /** Commits reachable from `from` (newest first), optionally touching `filePath`. */
  async log(
    from: string,
    options: {
      skip?: number;
      max?: number;
      filePath?: string;
      exclude?: string;
    } = {},
  ): Promise<string[]> {
    const args = ['rev-list', `--skip=${options.skip ?? 0}`];
    if (options.max !== undefined) args.push(`--max-count=${options.max}`);
    args.push(from);
    if (options.exclude) args.push(`^${options.exclude}`);
    if (options.filePath) args.push('--', options.filePath);
    return (await this.git(args)).split('\n').filter(Boolean);
  }

  async countCommits(from: string, filePath?: string): Promise<number> {
    const args = ['rev-list', '--count', from];
    if (filePath) args.push('--', filePath);
    return Number(await this.git(args));
  }

  /** Approximate size in KiB, as GitHub reports `size`. */
  async sizeKiB(): Promise<number> {
    const text = await this.git(['count-objects', '-v']);
    const value = (key: string) =>
      Number(text.match(new RegExp(`^${key}: (\\d+)`, 'm'))?.[1] ?? 0);
    return value('size') + value('size-pack');
  }

  /** A gzipped tarball of a commit, every path under `prefix/`. */
  archive(commit: string, format: 'tar.gz' | 'zip', prefix: string): Readable {
    const child = spawn(
      'git',
      ['archive', `--format=${format}`, `--prefix=${prefix}/`, commit],
      {
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          GIT_DIR: this.gitDir,
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_CONFIG_GLOBAL: '/dev/null',
        },
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    return child.stdout;
  }
}

function parseIdentity(value: string): Required<GitIdentity> {
  const match = value.match(/^(.*) <(.*)> (\d+) ([+-]\d{4})$/);
  if (!match) return { name: '', email: '', date: new Date(0).toISOString() };
  const date = new Date(Number(match[3]) * 1000).toISOString();
  return { name: match[1], email: match[2], date: date.replace('.000Z', 'Z') };
}

function parseLsTreeLine(line: string): TreeEntry {
  // "<mode> SP <type> SP <object> SP+ <size> TAB <path>"
  const tab = line.indexOf('\t');
  const [mode, type, sha, size] = line.slice(0, tab).split(/\s+/);
  return {
    mode,
    type: type as TreeEntry['type'],
    sha,
    size: size === '-' ? undefined : Number(size),
    path: line.slice(tab + 1),
  };
}
