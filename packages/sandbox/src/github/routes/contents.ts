import type { TreeEntry } from '../git/BareRepository';
import { GitCommandError } from '../../shared/runGit';
import {
  GitHubApiError,
  invalidRequest,
  notFound,
  optionalString,
  requireString,
} from '../api/errors';
import { findRepo, resolveRefOrDefault, urlsOf } from '../api/lookup';
import type { RouteContext, Router } from '../api/router';
import { commitFiles } from '../model/commitFiles';
import { gitCommitJson, repoApiUrl } from '../model/serializers';
import type { StoredRepo } from '../model/store';

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/;

/** The contents API, the raw host and the archive links, all read from git. */
export function registerContentRoutes(router: Router) {
  router.add('GET', '/repos/:owner/:repo/contents/*path', getContents);
  router.add('PUT', '/repos/:owner/:repo/contents/*path', putContents);
  router.add('DELETE', '/repos/:owner/:repo/contents/*path', deleteContents);
  router.add('GET', '/raw/:owner/:repo/:ref/*path', getRaw);
  router.add('GET', '/repos/:owner/:repo/tarball/*ref', ctx =>
    archive(ctx, 'tar.gz'),
  );
  router.add('GET', '/repos/:owner/:repo/zipball/*ref', ctx =>
    archive(ctx, 'zip'),
  );
}

async function getContents(ctx: RouteContext) {
  const repo = findRepo(ctx);
  const refParam = ctx.url.searchParams.get('ref');
  const commit = await resolveRefOrDefault(repo, refParam);
  const ref = refParam || repo.defaultBranch;
  const entry = await repo.git.entryAt(commit, ctx.params.path);
  if (!entry) throw notFound();
  if (entry.type === 'tree') {
    const children = await repo.git.listTree(`${entry.sha}`);
    return {
      status: 200,
      body: children.map(child =>
        entryJson(ctx, repo, joinPath(entry.path, child.path), child, ref),
      ),
    };
  }
  const etag = `"${entry.sha}"`;
  if (ctx.req.headers['if-none-match'] === etag) {
    return { status: 304, headers: { ETag: etag } };
  }
  const content = await repo.git.readBlob(entry.sha);
  const accept = String(ctx.req.headers.accept ?? '');
  if (/application\/vnd\.github(\.v3)?\.raw/.test(accept)) {
    ctx.res.writeHead(200, {
      'Content-Type': 'application/vnd.github.raw',
      'Content-Length': content.length,
      ETag: etag,
    });
    ctx.res.end(content);
    return 'sent' as const;
  }
  return {
    status: 200,
    headers: { ETag: etag },
    body: {
      ...entryJson(ctx, repo, entry.path, entry, ref),
      encoding: 'base64',
      content: wrapBase64(content.toString('base64')),
    },
  };
}

async function putContents(ctx: RouteContext) {
  const repo = findRepo(ctx);
  const filePath = ctx.params.path.replace(/^\/+|\/+$/g, '');
  if (!filePath) throw invalidRequest('"path" wasn\'t supplied.');
  const message = requireString(ctx.body, 'message');
  const content = requireString(ctx.body, 'content');
  if (!BASE64.test(content))
    throw invalidRequest('content is not valid Base64');
  const sha = optionalString(ctx.body, 'sha');
  const { branch, existing } = await currentFile(repo, ctx, filePath);
  if (existing && !sha) throw invalidRequest('"sha" wasn\'t supplied.');
  if (existing && sha !== existing.sha) {
    throw new GitHubApiError(409, `${filePath} does not match ${sha}`);
  }
  const result = await commitOrConflict(repo, ctx, branch, message, [
    { path: filePath, content: Buffer.from(content, 'base64') },
  ]);
  const commit = await repo.git.readCommit(result.commit);
  const entry = (await repo.git.entryAt(result.commit, filePath))!;
  return {
    status: existing ? 200 : 201,
    body: {
      content: entryJson(ctx, repo, filePath, entry, branch),
      commit: gitCommitJson(repo, commit, urlsOf(ctx)),
    },
  };
}

async function deleteContents(ctx: RouteContext) {
  const repo = findRepo(ctx);
  const filePath = ctx.params.path.replace(/^\/+|\/+$/g, '');
  const message = requireString(ctx.body, 'message');
  const sha = requireString(ctx.body, 'sha');
  const { branch, existing } = await currentFile(repo, ctx, filePath);
  if (!existing) throw notFound();
  if (sha !== existing.sha) {
    throw new GitHubApiError(409, `${filePath} does not match ${sha}`);
  }
  const result = await commitOrConflict(repo, ctx, branch, message, [
    { path: filePath, content: null },
  ]);
  const commit = await repo.git.readCommit(result.commit);
  return {
    status: 200,
    body: { content: null, commit: gitCommitJson(repo, commit, urlsOf(ctx)) },
  };
}

async function currentFile(
  repo: StoredRepo,
  ctx: RouteContext,
  filePath: string,
) {
  const branch = optionalString(ctx.body, 'branch') ?? repo.defaultBranch;
  const head = await repo.git.readRef(`refs/heads/${branch}`);
  if (!head && !(await repo.git.isEmpty())) {
    throw new GitHubApiError(404, `Branch ${branch} not found`);
  }
  const existing = head ? await repo.git.entryAt(head, filePath) : undefined;
  return { branch, existing: existing?.type === 'blob' ? existing : undefined };
}

async function commitOrConflict(
  repo: StoredRepo,
  ctx: RouteContext,
  branch: string,
  message: string,
  changes: Array<{ path: string; content: Buffer | null }>,
) {
  const identity = (key: 'author' | 'committer') => {
    const value = ctx.body[key] as
      | { name?: string; email?: string }
      | undefined;
    return value?.name && value.email
      ? { name: value.name, email: value.email }
      : undefined;
  };
  try {
    return await commitFiles(repo, {
      branch,
      message,
      changes,
      author: identity('author'),
      committer: identity('committer'),
    });
  } catch (error) {
    if (error instanceof GitCommandError && error.args[0] === 'update-ref') {
      throw new GitHubApiError(
        409,
        `${branch} was updated concurrently; retry`,
      );
    }
    throw error;
  }
}

async function getRaw(ctx: RouteContext) {
  const repo = findRepo(ctx);
  const commit = await repo.git.resolveRefish(ctx.params.ref);
  const entry = commit && (await repo.git.entryAt(commit, ctx.params.path));
  if (!entry || entry.type !== 'blob') {
    ctx.res.writeHead(404, { 'Content-Type': 'text/plain' });
    ctx.res.end('404: Not Found');
    return 'sent' as const;
  }
  const content = await repo.git.readBlob(entry.sha);
  ctx.res.writeHead(200, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': content.length,
    ETag: `"${entry.sha}"`,
  });
  ctx.res.end(content);
  return 'sent' as const;
}

async function archive(ctx: RouteContext, format: 'tar.gz' | 'zip') {
  const repo = findRepo(ctx);
  const commit = await resolveRefOrDefault(repo, ctx.params.ref || undefined);
  // GitHub names the single top-level directory owner-repo-shortsha.
  const prefix = `${repo.owner.login}-${repo.name}-${commit.slice(0, 7)}`;
  const ext = format === 'zip' ? 'zip' : 'tar.gz';
  ctx.res.writeHead(200, {
    'Content-Type': format === 'zip' ? 'application/zip' : 'application/x-gzip',
    'Content-Disposition': `attachment; filename=${prefix}.${ext}`,
  });
  const stream = repo.git.archive(commit, format, prefix);
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('end', resolve);
    stream.pipe(ctx.res);
  });
  return 'sent' as const;
}

function entryJson(
  ctx: RouteContext,
  repo: StoredRepo,
  filePath: string,
  entry: TreeEntry,
  ref: string,
) {
  const api = repoApiUrl(repo, urlsOf(ctx));
  const html = `${ctx.webUrl}/${repo.owner.login}/${repo.name}`;
  let type = 'file';
  if (entry.type === 'tree') type = 'dir';
  else if (entry.type === 'commit') type = 'submodule';
  else if (entry.mode === '120000') type = 'symlink';
  const self = `${api}/contents/${filePath}?ref=${encodeURIComponent(ref)}`;
  const gitUrl = `${api}/git/${entry.type === 'tree' ? 'trees' : 'blobs'}/${
    entry.sha
  }`;
  const htmlUrl = `${html}/${
    entry.type === 'tree' ? 'tree' : 'blob'
  }/${ref}/${filePath}`;
  return {
    type,
    size: entry.size ?? 0,
    name: filePath.split('/').pop() ?? filePath,
    path: filePath,
    sha: entry.sha,
    url: self,
    git_url: gitUrl,
    html_url: htmlUrl,
    download_url:
      type === 'file'
        ? `${ctx.webUrl}/raw/${repo.owner.login}/${repo.name}/${ref}/${filePath}`
        : null,
    _links: { self, git: gitUrl, html: htmlUrl },
  };
}

function joinPath(dir: string, name: string) {
  return dir ? `${dir}/${name}` : name;
}

/** GitHub wraps base64 content at 60 characters per line. */
function wrapBase64(text: string): string {
  return text ? `${text.match(/.{1,60}/g)!.join('\n')}\n` : '';
}
