import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A team's repository as the catalog reads it: YAML files over HTTP on
 * loopback, read through the real URL reader (`backend.reading.allow`).
 */
export class TeamRepository {
  private constructor(
    private readonly server: http.Server,
    private readonly files: Map<string, string>,
  ) {}

  static async start(): Promise<TeamRepository> {
    const files = new Map<string, string>();
    const server = http.createServer((req, res) => {
      const body = files.get(req.url ?? '');
      if (body === undefined) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/yaml' }).end(body);
    });
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    return new TeamRepository(server, files);
  }

  get host(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Publishes a file; returns the URL a user would register. */
  put(filePath: string, yaml: string): string {
    this.files.set(filePath, yaml);
    return `http://${this.host}${filePath}`;
  }

  close(): Promise<void> {
    return new Promise(resolve => this.server.close(() => resolve()));
  }
}
