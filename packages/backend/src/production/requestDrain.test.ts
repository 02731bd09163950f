import express from 'express';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { RequestDrain } from './requestDrain';

async function serve(drain: RequestDrain, release: Promise<void>) {
  const app = express();
  app.use(drain.middleware());
  app.get('/slow', async (_req, res) => {
    await release;
    res.send('slow done');
  });
  app.get('/fast', (_req, res) => {
    res.send('fast');
  });
  const server = http.createServer(app);
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

describe('RequestDrain', () => {
  it('waits for the request in flight before shutdown goes on', async () => {
    const drain = new RequestDrain();
    let releaseSlow!: () => void;
    const release = new Promise<void>(r => {
      releaseSlow = r;
    });
    const { server, url } = await serve(drain, release);
    try {
      const slow = fetch(`${url}/slow`).then(r => r.text());
      while (drain.inFlight === 0) await new Promise(r => setTimeout(r, 5));
      let drained = false;
      const drainDone = drain.drain(10).then(() => {
        drained = true;
      });
      await new Promise(r => setTimeout(r, 100));
      expect(drained).toBe(false);
      releaseSlow();
      await drainDone;
      expect(await slow).toBe('slow done');
      expect(drain.inFlight).toBe(0);
    } finally {
      server.close();
    }
  });

  it('closes the connection of every response once draining', async () => {
    const drain = new RequestDrain();
    const { server, url } = await serve(drain, Promise.resolve());
    try {
      const before = await fetch(`${url}/fast`);
      expect(before.headers.get('connection')).not.toBe('close');
      await drain.drain(0);
      const after = await fetch(`${url}/fast`);
      expect(after.headers.get('connection')).toBe('close');
      expect(await after.text()).toBe('fast');
    } finally {
      server.close();
    }
  });

  it('keeps serving during the delay', async () => {
    const drain = new RequestDrain();
    const { server, url } = await serve(drain, Promise.resolve());
    try {
      const draining = drain.drain(300);
      const during = await fetch(`${url}/fast`);
      expect(during.status).toBe(200);
      await draining;
    } finally {
      server.close();
    }
  });
});
