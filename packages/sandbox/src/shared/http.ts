import http from 'node:http';
import { AddressInfo } from 'node:net';

/** A simulator's HTTP server bound to loopback. */
export interface SimulatorServer {
  /** Base URL, e.g. `http://127.0.0.1:43121`. */
  url: string;
  port: number;
  server: http.Server;
  /** Requests served so far, per `METHOD path` (query string removed). */
  requestCounts: Map<string, number>;
  /** Closes the server and every open connection (including watches). */
  close(): Promise<void>;
}

export interface StartServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only: tests and benchmarks never leave the machine. */
  host?: string;
}

export type RequestHandler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
) => void | Promise<void>;

export async function startHttpServer(
  handler: RequestHandler,
  options: StartServerOptions = {},
): Promise<SimulatorServer> {
  const host = options.host ?? '127.0.0.1';
  const requestCounts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`);
    const key = `${req.method} ${url.pathname}`;
    requestCounts.set(key, (requestCounts.get(key) ?? 0) + 1);
    Promise.resolve(handler(req, res, url)).catch(error => {
      if (!res.headersSent) {
        sendJson(res, 500, {
          message: `simulator error: ${String(error?.message ?? error)}`,
        });
      } else {
        res.destroy();
      }
    });
  });
  // Long-lived watch connections must not keep close() waiting.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    requestCounts,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses a JSON body; resolves `undefined` for an empty body, rejects on malformed JSON. */
export async function readJsonBody<T = unknown>(
  req: http.IncomingMessage,
): Promise<T | undefined> {
  const body = await readBody(req);
  if (body.length === 0) return undefined;
  return JSON.parse(body.toString('utf8')) as T;
}

/** The bearer token of a request, if any. */
export function bearerToken(req: http.IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = header?.match(/^Bearer\s+(.+)$/i);
  return match?.[1];
}

/** A path segment decoded, or as it is when it is not valid percent-encoding. */
export function decodePathSegment(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
