import fs from 'node:fs';
import path from 'node:path';
import { renderChart } from './renderer';

jest.setTimeout(180_000);

const fixture = path.join(__dirname, '__fixtures__', 'fidelity');

describe('test-only Helm renderer', () => {
  it('reproduces `helm template` output byte for byte on the fidelity chart', () => {
    // expected-helm-template.yaml is the output of
    //   helm template demo . --namespace web --kube-version 1.30.0 -f override.yaml
    // derived from Helm 3's documented semantics: user null deletes a default
    // key, missing keys print "", tpl/include/fromYaml/toYaml, manifests
    // sorted by Helm's install order (ConfigMap, Service, Deployment, unknown
    // kinds last), hooks after manifests, NOTES.txt and partials not printed,
    // empty files dropped, "# Source:" headers.
    const result = renderChart({
      chartDir: fixture,
      releaseName: 'demo',
      namespace: 'web',
      valueFiles: [path.join(fixture, 'override.yaml')],
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      fs.readFileSync(
        path.join(fixture, 'expected-helm-template.yaml'),
        'utf8',
      ),
    );
    expect(result.notes).toBe('Installed demo.\n');
  });

  it('honours --api-versions in .Capabilities.APIVersions.Has', () => {
    const result = renderChart({
      chartDir: fixture,
      apiVersions: ['monitoring.coreos.com/v1'],
    });
    expect(result.stdout).toContain('monitoring: "true"');
  });

  it('fails like helm on an incompatible kubeVersion', () => {
    const result = renderChart({ chartDir: fixture, kubeVersion: '1.24.0' });
    expect(result.ok).toBe(false);
    expect(result.stderr).toContain('chart requires kubeVersion: >=1.25.0-0');
  });

  it('fails like helm when `required` gets an empty value', () => {
    const result = renderChart({ chartDir: fixture, releaseName: '' });
    expect(result.ok).toBe(false);
    expect(result.stderr).toContain('a name is required');
  });
});
