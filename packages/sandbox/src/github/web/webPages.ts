import http from 'node:http';
import { decodePathSegment as safeDecode } from '../../shared/http';
import { escapeHtml, sendHtml } from '../../shared/htmlPage';
import type { GitHubStore, StoredRepo } from '../model/store';

/**
 * Minimal stand-ins for github.com's web pages of what the API knows, so the
 * links the portal shows (a repository, a pull request, a workflow run, a
 * file) open a page in the sandbox instead of a 404 JSON body:
 *
 *   /<owner>/<repo>                      name, default branch, files, open pull requests
 *   /<owner>/<repo>/pull/<n>             title, state, head → base, body
 *   /<owner>/<repo>/actions/runs/<id>    the recorded workflow dispatch
 *   /<owner>/<repo>/blob/<ref>/<path>    a file's text
 *   /<owner>/<repo>/tree/<ref>/<path>    a folder's entries
 *
 * Returns false when the path is none of these (the caller answers 404).
 */
export async function serveWebPage(
  res: http.ServerResponse,
  url: URL,
  store: GitHubStore,
): Promise<boolean> {
  const parts = url.pathname.split('/').filter(Boolean).map(safeDecode);
  if (parts.length < 2) return false;
  const [owner, name, kind, ...rest] = parts;
  const repo = store.repo(owner, name);
  if (!repo) {
    sendHtml(
      res,
      404,
      'Not Found',
      `<h1>Not Found</h1><p>No repository ${escapeHtml(
        `${owner}/${name}`,
      )} in the sandbox GitHub.</p>`,
    );
    return true;
  }
  if (kind === undefined) {
    await repositoryPage(res, repo);
    return true;
  }
  if (kind === 'pull' && rest.length === 1 && /^\d+$/.test(rest[0])) {
    pullPage(res, repo, Number(rest[0]));
    return true;
  }
  if (
    kind === 'actions' &&
    rest[0] === 'runs' &&
    rest.length === 2 &&
    /^\d+$/.test(rest[1])
  ) {
    runPage(res, repo, Number(rest[1]));
    return true;
  }
  if ((kind === 'blob' || kind === 'tree') && rest.length >= 1) {
    await contentPage(res, repo, rest[0], rest.slice(1).join('/'));
    return true;
  }
  return false;
}

function repoTitle(repo: StoredRepo): string {
  return `${repo.owner.login}/${repo.name}`;
}

async function repositoryPage(res: http.ServerResponse, repo: StoredRepo) {
  const title = repoTitle(repo);
  const empty = await repo.git.isEmpty();
  const files = empty
    ? []
    : await repo.git
        .listTree(`refs/heads/${repo.defaultBranch}`)
        .catch(() => []);
  const open = repo.pulls.filter(p => p.state === 'open');
  const base = `/${encodeURIComponent(repo.owner.login)}/${encodeURIComponent(
    repo.name,
  )}`;
  sendHtml(
    res,
    200,
    title,
    `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(repo.settings.description ?? '')}</p>
<p>Default branch: <code>${escapeHtml(repo.defaultBranch)}</code></p>
<h2>Files</h2>
${
  files.length === 0
    ? '<p>This repository is empty.</p>'
    : `<ul>${files
        .map(
          f =>
            `<li><a href="${base}/${
              f.type === 'tree' ? 'tree' : 'blob'
            }/${encodeURIComponent(repo.defaultBranch)}/${encodeURIComponent(
              f.path,
            )}">${escapeHtml(f.path)}</a></li>`,
        )
        .join('')}</ul>`
}
<h2>Open pull requests</h2>
${
  open.length === 0
    ? '<p>None.</p>'
    : `<ul>${open
        .map(
          p =>
            `<li><a href="${base}/pull/${p.number}">#${p.number} ${escapeHtml(
              p.title,
            )}</a></li>`,
        )
        .join('')}</ul>`
}`,
  );
}

function pullPage(res: http.ServerResponse, repo: StoredRepo, number: number) {
  const pull = repo.pulls.find(p => p.number === number);
  if (!pull) {
    sendHtml(
      res,
      404,
      'Not Found',
      `<h1>Not Found</h1><p>No pull request #${number} in ${escapeHtml(
        repoTitle(repo),
      )}.</p>`,
    );
    return;
  }
  const state = pull.merged ? 'merged' : pull.state;
  sendHtml(
    res,
    200,
    `${pull.title} · Pull Request #${number} · ${repoTitle(repo)}`,
    `<h1>${escapeHtml(pull.title)} #${number}</h1>
<p>Repository: ${escapeHtml(repoTitle(repo))}</p>
<p>State: <strong>${state}</strong></p>
<p>Wants to merge <code>${escapeHtml(pull.head)}</code> into <code>${escapeHtml(
      pull.base,
    )}</code></p>
<pre>${escapeHtml(pull.body ?? '')}</pre>`,
  );
}

function runPage(res: http.ServerResponse, repo: StoredRepo, runId: number) {
  const dispatch = repo.recorded.find(
    r =>
      r.kind === 'workflow-dispatch' &&
      (r.body as { run_id?: number }).run_id === runId,
  );
  if (!dispatch) {
    sendHtml(
      res,
      404,
      'Not Found',
      `<h1>Not Found</h1><p>No workflow run ${runId} in ${escapeHtml(
        repoTitle(repo),
      )}.</p>`,
    );
    return;
  }
  const body = dispatch.body as { workflow: string; ref: string };
  sendHtml(
    res,
    200,
    `Workflow run ${runId} · ${repoTitle(repo)}`,
    `<h1>Workflow run ${runId}</h1>
<p>Repository: ${escapeHtml(repoTitle(repo))}</p>
<p>Workflow <code>${escapeHtml(
      String(body.workflow),
    )}</code> dispatched on <code>${escapeHtml(String(body.ref))}</code>.</p>
<p>The sandbox GitHub records dispatches but runs no workflows.</p>`,
  );
}

async function contentPage(
  res: http.ServerResponse,
  repo: StoredRepo,
  ref: string,
  filePath: string,
) {
  const commit = (await repo.git.isEmpty())
    ? undefined
    : await repo.git.resolveRefish(ref);
  const entry = commit ? await repo.git.entryAt(commit, filePath) : undefined;
  const title = `${repoTitle(repo)}/${filePath} at ${ref}`;
  if (!entry) {
    sendHtml(
      res,
      404,
      'Not Found',
      `<h1>Not Found</h1><p>No ${escapeHtml(filePath || '/')} at ${escapeHtml(
        ref,
      )} in ${escapeHtml(repoTitle(repo))}.</p>`,
    );
    return;
  }
  if (entry.type === 'tree') {
    const entries = await repo.git.listTree(entry.sha);
    sendHtml(
      res,
      200,
      title,
      `<h1>${escapeHtml(title)}</h1><ul>${entries
        .map(e => `<li>${escapeHtml(e.path)}</li>`)
        .join('')}</ul>`,
    );
    return;
  }
  const text = (await repo.git.readBlob(entry.sha)).toString('utf8');
  sendHtml(
    res,
    200,
    title,
    `<h1>${escapeHtml(title)}</h1><pre>${escapeHtml(text)}</pre>`,
  );
}
