import { sandboxApplication } from './seed';
import { type ArgoCdSimulator, startArgoCdSimulator } from './server';

async function browse(url: string) {
  const res = await fetch(url);
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    text: await res.text(),
  };
}

describe('Argo CD simulator web pages', () => {
  let argo: ArgoCdSimulator;

  beforeAll(async () => {
    argo = await startArgoCdSimulator({
      applications: ['dev', 'prod'].map(environment =>
        sandboxApplication({
          service: 'payments',
          environment,
          namespace: 'payments',
          server: 'https://127.0.0.1:7101',
          repoURL: 'http://127.0.0.1:7130/git/platform/gitops.git',
        }),
      ),
    });
  });

  afterAll(() => argo.close());

  it("shows an application's sync and health at both of the UI's application URLs, without a token", async () => {
    const app = argo
      .applications()
      .find(a => a.metadata.name === 'payments-prod')!;
    for (const path of [
      '/applications/payments-prod',
      '/applications/payments-prod?appNamespace=argocd',
      '/applications/argocd/payments-prod',
    ]) {
      const page = await browse(`${argo.url}${path}`);
      expect({ path, status: page.status }).toEqual({ path, status: 200 });
      expect(page.type).toMatch(/^text\/html/);
      expect(page.text).toContain('<h1>payments-prod</h1>');
      expect(page.text).toContain(
        `<th scope="row">Sync status</th><td>${app.status.sync.status}</td>`,
      );
      expect(page.text).toContain(
        `<th scope="row">Health</th><td>${app.status.health.status}</td>`,
      );
      expect(page.text).toContain('https://127.0.0.1:7101 / payments');
    }
  });

  it('lists the applications a label selector matches, and 404s for unknown ones', async () => {
    const list = await browse(
      `${argo.url}/applications?labels=${encodeURIComponent(
        'app.kubernetes.io/name=payments',
      )}`,
    );
    expect(list.status).toBe(200);
    expect(list.text).toContain('href="/applications/argocd/payments-dev"');
    expect(list.text).toContain('href="/applications/argocd/payments-prod"');
    const none = await browse(
      `${argo.url}/applications?labels=${encodeURIComponent(
        'app.kubernetes.io/name=other',
      )}`,
    );
    expect(none.text).toContain('No applications.');
    expect(
      (await browse(`${argo.url}/applications?labels=%3D%3D`)).status,
    ).toBe(400);

    for (const path of [
      '/applications/missing',
      '/applications/other-ns/payments-prod',
      '/applications/payments-prod?appNamespace=other-ns',
    ]) {
      const page = await browse(`${argo.url}${path}`);
      expect({ path, status: page.status }).toEqual({ path, status: 404 });
    }
    // The API keeps asking for a session.
    expect((await fetch(`${argo.url}/api/v1/applications`)).status).toBe(401);
  });
});
