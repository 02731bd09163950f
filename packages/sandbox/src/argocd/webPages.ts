import http from 'node:http';
import { decodePathSegment as safeDecode } from '../shared/http';
import { escapeHtml, sendHtml } from '../shared/htmlPage';
import { parseLabelSelector } from './labelSelector';
import type { Application } from './types';

/** The namespace Argo CD's own Applications live in. */
const CONTROL_PLANE_NAMESPACE = 'argocd';

/**
 * Minimal stand-ins for the Argo CD UI's pages that the portal links to
 * (its Argo CD card, the `eks:argocd:register` outputs):
 *
 *   /applications/<name>[?appNamespace=<ns>]   one application: sync, health, …
 *   /applications/<ns>/<name>                  the same (Argo CD ≥ 2.5 form)
 *   /applications[?labels=<selector>]          the applications a selector matches
 *
 * Returns false when the path is none of these.
 */
export function serveArgoCdWebPage(
  res: http.ServerResponse,
  url: URL,
  applications: () => Application[],
): boolean {
  const parts = url.pathname.split('/').filter(Boolean).map(safeDecode);
  if (parts[0] !== 'applications' || parts.length > 3) return false;
  if (parts.length === 1) {
    listPage(res, applications(), url.searchParams.get('labels'));
    return true;
  }
  const [namespace, name] =
    parts.length === 3
      ? [parts[1], parts[2]]
      : [
          url.searchParams.get('appNamespace') ?? CONTROL_PLANE_NAMESPACE,
          parts[1],
        ];
  const app = applications().find(
    a =>
      a.metadata.name === name &&
      (a.metadata.namespace ?? CONTROL_PLANE_NAMESPACE) === namespace,
  );
  if (!app) {
    sendHtml(
      res,
      404,
      'Application not found',
      `<h1>Application not found</h1><p>No application ${escapeHtml(
        `${namespace}/${name}`,
      )} in the sandbox Argo CD.</p>`,
    );
    return true;
  }
  applicationPage(res, app);
  return true;
}

function row(label: string, value: string | undefined): string {
  return `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(
    value ?? '—',
  )}</td></tr>`;
}

function applicationPage(res: http.ServerResponse, app: Application) {
  const source = app.spec.source ?? app.spec.sources?.[0];
  const status = app.status;
  const conditions = status?.conditions ?? [];
  sendHtml(
    res,
    200,
    `${app.metadata.name} · Argo CD`,
    `<h1>${escapeHtml(app.metadata.name)}</h1>
<table>
${row('Project', app.spec.project)}
${row('Sync status', status?.sync.status)}
${row('Health', status?.health.status)}
${row('Health message', status?.health.message)}
${row('Revision', status?.sync.revision ?? status?.sync.revisions?.join(', '))}
${row('Last operation', status?.operationState?.phase)}
${row('Operation message', status?.operationState?.message)}
${row(
  'Source',
  source
    ? `${source.repoURL} ${source.path ?? source.chart ?? ''} @ ${
        source.targetRevision ?? 'HEAD'
      }`
    : undefined,
)}
${row(
  'Destination',
  `${app.spec.destination.server ?? app.spec.destination.name ?? ''} / ${
    app.spec.destination.namespace ?? ''
  }`,
)}
${row('Reconciled at', status?.reconciledAt)}
</table>
${
  conditions.length === 0
    ? ''
    : `<h2>Conditions</h2><ul>${conditions
        .map(
          c =>
            `<li><strong>${escapeHtml(c.type)}</strong>: ${escapeHtml(
              c.message,
            )}</li>`,
        )
        .join('')}</ul>`
}`,
  );
}

function listPage(
  res: http.ServerResponse,
  all: Application[],
  labels: string | null,
) {
  let apps = all;
  if (labels) {
    let matches: ReturnType<typeof parseLabelSelector>;
    try {
      matches = parseLabelSelector(labels);
    } catch (error) {
      sendHtml(
        res,
        400,
        'Invalid label selector',
        `<h1>Invalid label selector</h1><p>${escapeHtml(
          (error as Error).message,
        )}</p>`,
      );
      return;
    }
    apps = apps.filter(a => matches(a.metadata.labels));
  }
  apps = [...apps].sort((a, b) =>
    a.metadata.name.localeCompare(b.metadata.name),
  );
  sendHtml(
    res,
    200,
    'Applications · Argo CD',
    `<h1>Applications</h1>
${labels ? `<p>Labels: <code>${escapeHtml(labels)}</code></p>` : ''}
${
  apps.length === 0
    ? '<p>No applications.</p>'
    : `<table><tr><th>Name</th><th>Sync status</th><th>Health</th></tr>${apps
        .map(
          a =>
            `<tr><td><a href="/applications/${encodeURIComponent(
              a.metadata.namespace ?? CONTROL_PLANE_NAMESPACE,
            )}/${encodeURIComponent(a.metadata.name)}">${escapeHtml(
              a.metadata.name,
            )}</a></td><td>${escapeHtml(
              a.status?.sync.status ?? '—',
            )}</td><td>${escapeHtml(a.status?.health.status ?? '—')}</td></tr>`,
        )
        .join('')}</table>`
}`,
  );
}
