import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeChart } from './__testUtils__/smallChart';
import { parseHelmOutput, renderChart } from './helmTemplate';

jest.setTimeout(60_000);

const configMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-greeting
  namespace: {{ .Release.Namespace }}
data:
  greeting: {{ .Values.greeting | quote }}
  kube: {{ .Capabilities.KubeVersion.Version | quote }}
  monitoring: {{ .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" | quote }}
`;

const testHook = `apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-test
  annotations:
    helm.sh/hook: test
spec:
  containers:
    - name: t
      image: busybox
`;

function chart(extra: Record<string, string> = {}) {
  return writeChart({
    'templates/_helpers.tpl':
      '{{- define "small.who" -}}{{ .Release.Name }}{{- end -}}',
    'templates/configmap.yaml': configMap,
    'templates/tests/test.yaml': testHook,
    'templates/NOTES.txt':
      '{{ include "small.who" . }} says {{ .Values.greeting }} in {{ .Release.Namespace }}.\n',
    ...extra,
  });
}

describe('renderChart (helm template)', () => {
  it('returns every document with its source, hooks last, and the rendered NOTES', () => {
    const render = renderChart({
      chartDir: chart(),
      releaseName: 'demo',
      namespace: 'web',
    });
    expect(render).toMatchObject({ ok: true, stderr: '' });
    expect(render.manifests.map(m => [m.source, m.hook])).toEqual([
      ['small/templates/configmap.yaml', undefined],
      ['small/templates/tests/test.yaml', 'test'],
    ]);
    expect(render.documents[0]).toMatchObject({
      metadata: { name: 'demo-greeting', namespace: 'web' },
      data: { greeting: 'hello' },
    });
    expect(render.notes).toBe('demo says hello in web.\n');
  });

  it('applies values files, then inline values, then --set', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'values-'));
    const file = path.join(dir, 'v.yaml');
    fs.writeFileSync(file, 'greeting: from-file\n');
    const data = (opts: object) =>
      renderChart({ chartDir: chart(), ...opts }).documents[0].data.greeting;
    expect(data({ valuesFiles: [file] })).toBe('from-file');
    expect(data({ valuesFiles: [file], values: { greeting: 'inline' } })).toBe(
      'inline',
    );
    expect(
      data({
        valuesFiles: [file],
        values: { greeting: 'inline' },
        set: ['greeting=set'],
      }),
    ).toBe('set');
  });

  it('renders for the given Kubernetes version and extra APIs', () => {
    const dir = chart();
    expect(
      renderChart({
        chartDir: dir,
        kubeVersion: '1.31.4',
        apiVersions: ['monitoring.coreos.com/v1'],
      }).documents[0].data,
    ).toMatchObject({ kube: 'v1.31.4', monitoring: 'true' });
    expect(renderChart({ chartDir: dir }).documents[0].data.monitoring).toBe(
      'false',
    );
  });

  it('is built like a Helm release: its default Kubernetes is the one of its client-go, not 1.20', () => {
    const kube = renderChart({ chartDir: chart() }).documents[0].data.kube;
    expect(kube).toMatch(/^v1\.(\d+)\.0$/);
    expect(Number(kube.split('.')[1])).toBeGreaterThanOrEqual(33);
  });

  it('reports what Helm says when a template fails, with no documents', () => {
    const render = renderChart({
      chartDir: chart({
        'templates/guard.yaml':
          '{{ required "greeting is required" .Values.nothing }}',
      }),
    });
    expect(render.ok).toBe(false);
    expect(render.stderr).toContain('greeting is required');
    expect(render.documents).toEqual([]);
  });

  it('reuses a render for the same chart and values, and hands out copies', () => {
    const dir = chart();
    const first = renderChart({ chartDir: dir });
    first.documents[0].data.greeting = 'changed by a caller';
    expect(renderChart({ chartDir: dir }).documents[0].data.greeting).toBe(
      'hello',
    );
    // A changed chart file is a different render.
    fs.writeFileSync(path.join(dir, 'values.yaml'), 'greeting: again\n');
    expect(renderChart({ chartDir: dir }).documents[0].data.greeting).toBe(
      'again',
    );
  });

  it('does not leave its NOTES helper in the chart it was given', () => {
    const dir = chart();
    renderChart({ chartDir: dir, namespace: 'untouched' });
    expect(fs.readdirSync(path.join(dir, 'templates')).sort()).toEqual([
      'NOTES.txt',
      '_helpers.tpl',
      'configmap.yaml',
      'tests',
    ]);
  });
});

describe('parseHelmOutput', () => {
  it('splits documents and skips empty ones', () => {
    const out =
      '---\n# Source: c/templates/a.yaml\nkind: A\n---\n# Source: c/templates/empty.yaml\n\n---\n# Source: c/templates/b.yaml\nkind: B\nmetadata:\n  annotations:\n    helm.sh/hook: pre-install\n';
    expect(
      parseHelmOutput(out).map(m => [m.source, m.object.kind, m.hook]),
    ).toEqual([
      ['c/templates/a.yaml', 'A', undefined],
      ['c/templates/b.yaml', 'B', 'pre-install'],
    ]);
  });
});
