import {
  AdmissionServer,
  startAdmissionServer,
} from '@internal/eks-platform-sandbox';
import { buildApplication } from './applicationManifest';
import { resolveArgoCdSpec } from './argocdSpec';

/*
 * The Argo CD Applications eks:argocd:register writes (GitOps mode: into the
 * GitOps repository; API mode: to Argo CD) are admitted by a real
 * kube-apiserver with Argo CD's own Application CRD (pinned argo-cd/v3
 * module): a field Argo CD does not know would be refused here.
 */
jest.setTimeout(60_000);

let server: AdmissionServer;
beforeAll(async () => {
  server = await startAdmissionServer({ crds: ['argocd'] });
}, 120_000);
afterAll(() => server?.close());

describe('Argo CD Applications of eks:argocd:register', () => {
  const spec = resolveArgoCdSpec({
    name: 'payments-api',
    namespace: 'payments',
    environments: ['dev', 'stage', 'prod'],
    chartRepoUrl: 'https://github.com/acme/payments-api.git',
    targetRevision: 'main',
    destination: { prod: { name: 'prod-cluster' } },
    syncPolicy: { automated: true, prune: true, selfHeal: true },
  });

  it.each([
    ['GitOps mode (multi-source with $values)', true],
    ['API mode (single source)', false],
  ])('are valid Application objects in %s', async (_, gitops) => {
    const applications = spec.environments.map(env =>
      buildApplication(spec, env, {
        namespace: 'argocd',
        ...(gitops
          ? {
              gitopsRepoCloneUrl: 'https://github.com/platform/gitops.git',
              gitopsRevision: 'main',
            }
          : {}),
      }),
    );
    const results = await server.admit(applications as any[]);
    expect(results).toEqual(
      ['dev', 'stage', 'prod'].map(env => ({
        object: `Application argocd/payments-api-${env}`,
        allowed: true,
        status: 201,
      })),
    );
  });
});
