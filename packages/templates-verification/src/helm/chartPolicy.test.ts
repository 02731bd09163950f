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
      for (const doc of renders[name][i].documents) {
        expect(doc.metadata.labels).toMatchObject({
          'app.kubernetes.io/name': inputSets[name].name,
          'backstage.io/kubernetes-id': inputSets[name].name,
          team: 'payments',
        });
        expect(doc.metadata.namespace).toBe(inputSets[name].namespace);
      }
    }
  });
});

describe.each(cases)('%s in %s', (name, env, i) => {
  const values = inputSets[name];
  const docs = () => renders[name][i].documents;
  const deployment = () => one(docs(), 'Deployment');
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

  it('mounts the ServiceAccount token only when Vault needs it, and uses IRSA', () => {
    expect(podSpec().automountServiceAccountToken).toBe(vaultOn());
    const sa = one(docs(), 'ServiceAccount');
    expect(sa.automountServiceAccountToken).toBe(vaultOn());
    expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toBe(
      `arn:aws:iam::123456789012:role/${values.name}-${env}`,
    );
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
        annotations['vault.hashicorp.com/agent-inject-secret-database'],
      ).toBe(`database/creds/${values.vaultDatabaseRole}`);
    }
    expect(labels['sidecar.istio.io/inject']).toBe(
      values.istio ? 'true' : undefined,
    );
    expect(annotations['traffic.sidecar.istio.io/excludeOutboundPorts']).toBe(
      values.istio && vaultOn() ? '8200' : undefined,
    );
  });

  it('scales with an autoscaling/v2 HPA whose minimum keeps a PDB-safe margin', () => {
    const pdb = one(docs(), 'PodDisruptionBudget');
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.spec.minAvailable).toBe(values.pdbMinAvailable);
    const hpas = byKind(docs(), 'HorizontalPodAutoscaler');
    if (!values.autoscaling) {
      expect(hpas).toHaveLength(0);
      expect(deployment().spec.replicas).toBeGreaterThanOrEqual(
        pdb.spec.minAvailable + 1,
      );
      return;
    }
    const hpa = hpas[0];
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.minReplicas).toBe(values.hpaMinReplicas);
    expect(hpa.spec.maxReplicas).toBe(values.hpaMaxReplicas);
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(
      pdb.spec.minAvailable + 1,
    );
    expect(hpa.spec.behavior.scaleUp).toBeDefined();
    expect(
      hpa.spec.behavior.scaleDown.stabilizationWindowSeconds,
    ).toBeGreaterThanOrEqual(60);
    expect(hpa.spec.metrics.map((m: any) => m.resource.name)).toEqual([
      'cpu',
      'memory',
    ]);
  });

  it('denies by default and allows only callers, the ingress controller and Prometheus', () => {
    const policies = byKind(docs(), 'NetworkPolicy');
    const deny = policies.find(p => p.metadata.name.endsWith('-default-deny'))!;
    expect(deny.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(deny.spec.ingress).toBeUndefined();
    expect(deny.spec.egress).toBeUndefined();
    const allow = policies.find(p => p.metadata.name === values.name)!;
    const sources = allow.spec.ingress.flatMap((r: any) => r.from);
    const callers = ((values.allowedCallers as any[]) ?? []).map(c => ({
      ns: c.namespace ?? values.namespace,
      name: c.name,
    }));
    for (const c of callers) {
      expect(sources).toContainEqual({
        namespaceSelector: {
          matchLabels: { 'kubernetes.io/metadata.name': c.ns },
        },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': c.name } },
      });
    }
    expect(sources).toContainEqual({
      namespaceSelector: {
        matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' },
      },
    });
    const controller = {
      namespaceSelector: {
        matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' },
      },
    };
    if (values.ingressMode === 'none') {
      expect(sources).not.toContainEqual(controller);
    } else {
      expect(sources).toContainEqual(controller);
    }
    // Every allowed source is one of the above; nothing else gets in.
    expect(sources).toHaveLength(
      callers.length + 1 + (values.ingressMode === 'none' ? 0 : 1),
    );
    for (const rule of allow.spec.ingress) {
      expect(rule.ports).toEqual([{ port: 'http', protocol: 'TCP' }]);
    }
  });

  it('exposes an ALB ingress only when asked, on the environment host with the ACM certificate', () => {
    const ingresses = byKind(docs(), 'Ingress');
    if (values.ingressMode === 'none') {
      expect(ingresses).toHaveLength(0);
      return;
    }
    const ingress = ingresses[0];
    const host =
      env === 'prod'
        ? values.ingressHost
        : String(values.ingressHost).replace('.', `-${env}.`);
    expect(ingress.spec.ingressClassName).toBe('alb');
    expect(ingress.spec.rules[0].host).toBe(host);
    expect(ingress.metadata.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/scheme':
        values.ingressMode === 'public' ? 'internet-facing' : 'internal',
      'alb.ingress.kubernetes.io/certificate-arn': values.certificateArn,
      'alb.ingress.kubernetes.io/target-type': 'ip',
    });
  });

  it('monitors the service with the alert contract', () => {
    const monitor = one(docs(), 'ServiceMonitor');
    expect(monitor.spec.endpoints).toEqual([
      expect.objectContaining({ port: 'http', path: '/metrics' }),
    ]);
    const rule = one(docs(), 'PrometheusRule');
    const alerts = rule.spec.groups.flatMap((g: any) => g.rules);
    expect(alerts.map((a: any) => [a.alert, a.labels.severity, a.for])).toEqual(
      [
        ['ServiceHighErrorRate', 'critical', '5m'],
        ['ServiceHighLatencyP95', 'warning', '10m'],
        ['ServiceLowAvailability', 'critical', '5m'],
      ],
    );
    for (const alert of alerts) {
      expect(alert.labels).toEqual({
        severity: alert.labels.severity,
        service: values.name,
        namespace: values.namespace,
        team: 'payments',
      });
      expect(Object.keys(alert.annotations).sort()).toEqual([
        'description',
        'runbook_url',
        'summary',
      ]);
    }
    expect(alerts[0].expr).toContain(
      `http_requests_total{service="${values.name}",namespace="${values.namespace}",code=~"5.."}`,
    );
    expect(alerts[0].expr).toMatch(/> 0\.05$/);
    expect(alerts[1].expr).toContain('histogram_quantile(0.95');
    expect(alerts[1].expr).toContain('http_request_duration_seconds_bucket');
    expect(alerts[1].expr).toMatch(/> 0\.5$/);
    expect(alerts[2].expr).toMatch(/< 2$/);
  });

  it('ships its own helm test, rendered as a test hook, and NOTES', () => {
    const hooks = renders[name][i].manifests.filter(m => m.hook);
    expect(hooks.map(h => [h.source, h.hook, h.object.kind])).toEqual([
      [`${values.name}/templates/tests/test-connection.yaml`, 'test', 'Pod'],
    ]);
    const test = hooks[0].object;
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
