import http from 'node:http';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Sends a minimal HTML page: the simulators' stand-ins for the web UIs the
 * portal links to (GitHub's repository and pull request pages, Argo CD's
 * application page). `body` is HTML the caller built with `escapeHtml`.
 */
export function sendHtml(
  res: http.ServerResponse,
  status: number,
  title: string,
  body: string,
): void {
  const text = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>
<p><small>Sandbox simulator page: the real system shows more here.</small></p>
${body}
</body>
</html>
`;
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    // The pages carry no script; nothing may run in them.
    'Content-Security-Policy': "default-src 'none'",
  });
  res.end(text);
}
