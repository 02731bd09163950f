import { typecheckDocuments } from './typecheck';

describe('Kubernetes typing of rendered documents', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'x' },
    spec: {
      selector: { matchLabels: { a: 'b' } },
      template: { spec: { containers: [{ name: 'x', image: 'x' }] } },
    },
  };

  it('accepts a valid document', () => {
    expect(typecheckDocuments([deployment]).diagnostics).toEqual([]);
  });

  it('rejects an unknown field', () => {
    const typo = { ...deployment, spec: { ...deployment.spec, replica: 3 } };
    expect(typecheckDocuments([typo]).diagnostics.join('\n')).toMatch(
      /'"?replica"?' does not exist/,
    );
  });

  it('rejects a wrong type', () => {
    const wrong = {
      ...deployment,
      spec: { ...deployment.spec, replicas: 'three' },
    };
    expect(typecheckDocuments([wrong]).diagnostics.join('\n')).toMatch(
      /not assignable to type 'number'/,
    );
  });

  it('rejects a removed API version', () => {
    const old = { ...deployment, apiVersion: 'extensions/v1beta1' };
    expect(typecheckDocuments([old]).diagnostics).toEqual([
      'document 0: no schema for extensions/v1beta1/Deployment',
    ]);
  });

  it('types the Prometheus Operator CRDs strictly too', () => {
    const rule = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'x' },
      spec: {
        groups: [
          { name: 'g', rules: [{ alert: 'A', expr: 'up', severity: 'x' }] },
        ],
      },
    };
    expect(typecheckDocuments([rule]).diagnostics.join('\n')).toMatch(
      /'"?severity"?' does not exist/,
    );
  });

  it('types the Istio CRDs strictly too', () => {
    const peer = {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'x' },
      spec: { mtls: { mode: 'STRICT' }, portLevelMtl: {} },
    };
    expect(typecheckDocuments([peer]).diagnostics.join('\n')).toMatch(
      /'"?portLevelMtl"?' does not exist/,
    );
    const wrongMode = { ...peer, spec: { mtls: { mode: 'strict' } } };
    expect(typecheckDocuments([wrongMode]).diagnostics.join('\n')).toMatch(
      /not assignable/,
    );
  });
});
