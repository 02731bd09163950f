import http from 'node:http';
import { Socket } from 'node:net';
import { type RequestHandler } from '../shared/http';

/*
 * Vault clients send the non-standard HTTP method LIST. Node's HTTP parser
 * only knows the standard methods and reports LIST as a client error, so this
 * hook parses such requests itself and hands them to the normal handler on a
 * connection that closes after the response.
 */

function parseRawRequest(raw: string) {
  const headerEnd = raw.indexOf('\r\n\r\n');
  const [requestLine, ...headerLines] = raw
    .slice(0, headerEnd < 0 ? raw.length : headerEnd)
    .split('\r\n');
  const [method, target] = requestLine.split(' ');
  const headers: http.IncomingHttpHeaders = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line
        .slice(colon + 1)
        .trim();
  }
  return { method, target, headers };
}

export function acceptListMethod(
  server: http.Server,
  handler: RequestHandler,
  requestCounts: Map<string, number>,
): void {
  server.on(
    'clientError',
    (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
      const raw = error.rawPacket?.toString('latin1') ?? '';
      if (error.code !== 'HPE_INVALID_METHOD' || !raw.startsWith('LIST ')) {
        // Node's default behaviour for malformed requests.
        if (socket.writable)
          socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
        else socket.destroy();
        return;
      }
      const { method, target, headers } = parseRawRequest(raw);
      const req = new http.IncomingMessage(socket);
      req.method = method;
      req.url = target;
      req.headers = headers;
      req.push(null);
      const res = new http.ServerResponse(req);
      res.shouldKeepAlive = false;
      res.assignSocket(socket);
      res.on('finish', () => socket.end());
      const url = new URL(target, `http://${headers.host ?? '127.0.0.1'}`);
      const key = `LIST ${url.pathname}`;
      requestCounts.set(key, (requestCounts.get(key) ?? 0) + 1);
      Promise.resolve(handler(req, res, url)).catch(() => socket.destroy());
    },
  );
}
