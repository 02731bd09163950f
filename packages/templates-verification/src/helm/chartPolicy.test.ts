/* eslint-disable jest/no-conditional-expect -- policy checks branch on the input set or step under test; every branch asserts */
import { generatedTrees } from '../scaffolder/generatedTrees';
import { inputSets } from '../scaffolder/inputSets';
import {
  ENVIRONMENTS,
  EnvRender,
  byKind,
  materialise,
  renderGeneratedChart,
} from './chartRenders';
import { typecheckDocuments } from './typecheck';

jest.setTimeout(180_000);

const repos: Record<string, string> = {};
const renders: Record<string, EnvRender[]> = {};

beforeAll(async () => {
  const trees = await generatedTrees();
  for (const name of Object.keys(inputSets)) {
    repos[name] = materialise(trees[name], name);
    renders[name] = ENVIRONMENTS.map(env =>
      renderGeneratedChart(repos[name], env, {
        namespace: String(inputSets[name].namespace),
      }),
    );
  }
});

const cases = Object.keys(inputSets).flatMap(name =>
  ENVIRONMENTS.map((env, i) => [name, env, i] as const),
);

function one(docs: Array<Record<string, any>>, kind: string) {
  const found = byKind(docs, kind);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('every rendered document', () => {
  it('renders with helm template for every input set and environment', () => {
    for (const [name, env, i] of cases) {
      const { ok, stderr } = renders[name][i];
      expect({ name, env, stderr, ok }).toEqual({
        name,
        env,
        stderr: '',
        ok: true,
      });
    }
  });

  it('passes strict Kubernetes typing (unknown fields and removed APIs fail)', () => {
    const all = cases.flatMap(([name, , i]) => renders[name][i].documents);
    expect(all.length).toBeGreaterThan(80);
    expect(typecheckDocuments(all).diagnostics).toEqual([]);
  });

  it('carries the workload labels the platform selects on', () => {
    for (const [name, , i] of cases) {
      for (const m of renders[name][i].manifests) {
        // The helm test pod is a caller of the service, not one of its pods.
        const testPod = m.hook === 'test' && m.object.kind === 'Pod';
        expect(m.object.metadata.labels).toMatchObject({
          'app.kubernetes.io/name': testPod
            ? `${inputSets[name].name}-test`
            : inputSets[name].name,
          team: 'payments',
        });
        expect(m.object.metadata.labels['backstage.io/kubernetes-id']).toBe(
          testPod ? undefined : inputSets[name].name,
        );
        expect(m.object.metadata.namespace).toBe(inputSets[name].namespace);
      }
    }
  });
});

describe.each(cases)('%s in %s', (name, env, i) => {
  const values = inputSets[name];
  const docs = () => renders[name][i].documents;
  const deployment = () =>
    byKind(docs(), 'Deployment').find(
      d => d.spec.selector.matchLabels.version === 'stable',
    )!;
  const podSpec = () => deployment().spec.template.spec;
  const container = () => podSpec().containers[0];
  const vaultOn = () =>
    ((values.vaultSecrets as string[] | undefined) ?? []).length > 0 ||
    Boolean(values.vaultDatabaseRole);

  it('omits replicas exactly when the HPA owns them', () => {
    if (values.autoscaling) {
      expect(deployment().spec.replicas).toBeUndefined();
    } else {
      expect(deployment().spec.replicas).toBe(values.replicas);
    }
  });

  it('spreads pods over zones and hosts, with anti-affinity', () => {
    const keys = podSpec().topologySpreadConstraints.map(
      (c: any) => c.topologyKey,
    );
    expect(keys).toEqual([
      'topology.kubernetes.io/zone',
      'kubernetes.io/hostname',
    ]);
    for (const c of podSpec().topologySpreadConstraints) {
      expect(c.maxSkew).toBe(1);
      expect(c.labelSelector.matchLabels['app.kubernetes.io/name']).toBe(
        values.name,
      );
    }
    if (env !== 'dev') {
      expect(podSpec().topologySpreadConstraints[0].whenUnsatisfiable).toBe(
        'DoNotSchedule',
      );
    }
    const anti =
      podSpec().affinity.podAntiAffinity
        .preferredDuringSchedulingIgnoredDuringExecution;
    expect(anti[0].podAffinityTerm.topologyKey).toBe('kubernetes.io/hostname');
  });

  it('sets requests and limits from the preset or the overrides', () => {
    const expected =
      values.resourcePreset === 'medium'
        ? { cpu: values.cpu ?? '1', memory: values.memory ?? '1Gi' }
        : { cpu: values.cpu ?? '500m', memory: values.memory ?? '512Mi' };
    expect(container().resources).toEqual({
      requests: expected,
      limits: expected,
    });
  });

  it('probes startup, liveness and readiness, readiness on its own path', () => {
    const c = container();
    expect(c.startupProbe.httpGet.path).toBe('/healthz');
    expect(c.livenessProbe.httpGet.path).toBe('/healthz');
    expect(c.readinessProbe.httpGet.path).toBe('/readyz');
    expect(
      c.startupProbe.failureThreshold * c.startupProbe.periodSeconds,
    ).toBeGreaterThanOrEqual(30);
  });

  it('rolls out without ever reducing capacity', () => {
    expect(deployment().spec.strategy).toMatchObject({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 0 },
    });
  });

  it('runs restricted: non-root numeric user, read-only root, no escalation, no capabilities, RuntimeDefault seccomp', () => {
    const pod = podSpec().securityContext;
    expect(pod.runAsNonRoot).toBe(true);
    expect(Number.isInteger(pod.runAsUser) && pod.runAsUser >= 1000).toBe(true);
    expect(pod.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    const sc = container().securityContext;
    expect(sc).toMatchObject({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      privileged: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(sc.capabilities.add).toBeUndefined();
    const tmp = podSpec().volumes.find((v: any) => v.name === 'tmp');
    expect(tmp.emptyDir).toBeDefined();
    expect(container().volumeMounts).toContainEqual({
      name: 'tmp',
      mountPath: '/tmp',
    });
    expect(podSpec().hostNetwork ?? false).toBe(false);
  });

  it('never mounts the API token into the app, and uses IRSA', () => {
    expect(podSpec().automountServiceAccountToken).toBe(false);
    const sa = byKind(docs(), 'ServiceAccount').find(
      a => a.metadata.name === podSpec().serviceAccountName,
    )!;
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toBe(
      `arn:aws:iam::123456789012:role/${values.name}-${env}`,
    );
    expect(
      (container().volumeMounts as any[]).map(m => m.mountPath),
    ).not.toContain('/var/run/secrets/kubernetes.io/serviceaccount');
  });

  it('injects Vault secrets, and lets the Vault agent bypass Istio', () => {
    const annotations = deployment().spec.template.metadata.annotations;
    const labels = deployment().spec.template.metadata.labels;
    if (vaultOn()) {
      expect(annotations['vault.hashicorp.com/agent-inject']).toBe('true');
      expect(annotations['vault.hashicorp.com/role']).toBe(values.name);
      for (const secret of (values.vaultSecrets as string[]) ?? []) {
        expect(
          annotations[
            `vault.hashicorp.com/agent-inject-secret-${secret.replace(
              /\//g,
              '-',
            )}`
          ],
        ).toBe(`secret/data/${secret}`);
      }
    } else {
      expect(
        Object.keys(annotations).filter(k => k.startsWith('vault.')),
      ).toEqual([]);
    }
    if (values.vaultDatabaseRole) {
      expect(
        annotations['vault.hashicorp.com/agent-inject-secret-database.json'],
      ).toBe(`database/creds/${values.vaultDatabaseRole}`);
    }
    expect(labels['sidecar.istio.io/inject']).toBe(
      values.istio ? 'true' : undefined,
    );
    expect(annotations['traffic.sidecar.istio.io/excludeOutboundPorts']).toBe(
      values.istio && vaultOn() ? '8200' : undefined,
    );
  });

  it('keeps the PDB minimum of the form at the lowest replica count, with an autoscaling/v2 HPA', () => {
    const pdb = one(docs(), 'PodDisruptionBudget');
    expect(pdb.apiVersion).toBe('policy/v1');
    const lowest = Number(
      values.autoscaling ? values.hpaMinReplicas : values.replicas,
    );
    expect(lowest - pdb.spec.maxUnavailable).toBe(values.pdbMinAvailable);
    const hpas = byKind(docs(), 'HorizontalPodAutoscaler');
    if (!values.autoscaling) {
      expect(hpas).toHaveLength(0);
      expect(deployment().spec.replicas).toBe(values.replicas);
      return;
    }
    const hpa = hpas[0];
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.minReplicas).toBe(values.hpaMinReplicas);
    expect(hpa.spec.maxReplicas).toBe(values.hpaMaxReplicas);
    expect(hpa.spec.behavior.scaleUp).toBeDefined();
    // Node.js memory follows its heap limit, not load: no memory target by default.
    expect(hpa.spec.metrics.map((m: any) => m.resource.name)).toEqual(['cpu']);
  });

  it('exposes the service only when asked, on the environment host: an ALB with the ACM certificate, or the Istio gateway', () => {
    const ingresses = byKind(docs(), 'Ingress');
    const host =
      env === 'prod'
        ? values.ingressHost
        : String(values.ingressHost).replace('.', `-${env}.`);
    if (values.ingressMode === 'none' || values.istio) {
      expect(ingresses).toHaveLength(0);
      if (values.ingressMode !== 'none') {
        expect(one(docs(), 'VirtualService').spec.hosts).toContain(host);
      }
      return;
    }
    const ingress = ingresses[0];
    expect(ingress.spec.ingressClassName).toBe('alb');
    expect(ingress.spec.rules[0].host).toBe(host);
    expect(ingress.metadata.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/scheme':
        values.ingressMode === 'public' ? 'internet-facing' : 'internal',
      'alb.ingress.kubernetes.io/certificate-arn': values.certificateArn,
      'alb.ingress.kubernetes.io/target-type': 'ip',
    });
  });

  it('lets Prometheus scrape the metrics port (alerts: chartAlerts.test.ts)', () => {
    const monitor = one(docs(), 'ServiceMonitor');
    expect(monitor.spec.endpoints).toEqual([
      expect.objectContaining({ port: 'metrics', path: '/metrics' }),
    ]);
    const service = one(docs(), 'Service');
    const port = service.spec.ports.find((p: any) => p.name === 'metrics');
    expect(container().ports).toContainEqual(
      expect.objectContaining({ name: port.targetPort }),
    );
    const config = byKind(docs(), 'ConfigMap').find(
      c => c.metadata.name === values.name,
    )!;
    expect(Number(config.data.METRICS_PORT)).toBe(
      container().ports.find((p: any) => p.name === 'metrics').containerPort,
    );
    expect(one(docs(), 'PrometheusRule').metadata.labels.team).toBe('payments');
  });

  it('ships its own helm test, rendered as a test hook, and NOTES', () => {
    const hooks = renders[name][i].manifests.filter(m => m.hook);
    expect(hooks.map(h => [h.source, h.hook, h.object.kind])).toEqual([
      [
        `${values.name}/templates/tests/test-connection.yaml`,
        'test',
        'ServiceAccount',
      ],
      [`${values.name}/templates/tests/test-connection.yaml`, 'test', 'Pod'],
    ]);
    const test = hooks[1].object;
    expect(test.spec.serviceAccountName).toBe(hooks[0].object.metadata.name);
    expect(test.spec.automountServiceAccountToken).toBe(false);
    expect(test.metadata.annotations['helm.sh/hook-delete-policy']).toBe(
      'before-hook-creation,hook-succeeded',
    );
    expect(test.spec.containers[0].command.join(' ')).toContain(
      `http://${values.name}.${values.namespace}.svc/readyz`,
    );
    expect(test.spec.containers[0].securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
    });
    expect(renders[name][i].notes).toContain(
      `${values.name} (${env}) is deployed to namespace ${values.namespace}.`,
    );
  });
});
