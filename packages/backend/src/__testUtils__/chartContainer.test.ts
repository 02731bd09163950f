import { quantityBytes, readChartContainer } from './chartContainer';

describe('readChartContainer', () => {
  it('gives the container of the rendered prod Deployment: its ConfigMap, variables, user and writable /tmp', () => {
    const container = readChartContainer('prod', 'backstage-abc');
    expect(container.env).toMatchObject({
      PORT: '7007',
      SHUTDOWN_DRAIN_MS: '10000',
      AWS_REGION: expect.any(String),
      OTEL_RESOURCE_ATTRIBUTES: expect.stringContaining(
        'k8s.pod.name=backstage-abc',
      ),
    });
    expect(container).toMatchObject({
      runAsUser: 1000,
      runAsGroup: 1000,
      readOnlyRootFilesystem: true,
      writablePaths: ['/tmp'],
      writableLimits: { '/tmp': 64 * 2 ** 20 },
      ports: { http: 7007, metrics: 9464 },
      readinessPath: '/.backstage/health/v1/readiness',
      terminationGracePeriodSeconds: 60,
    });
  });
});

describe('quantityBytes', () => {
  it('reads binary and decimal suffixes and refuses anything else', () => {
    expect(quantityBytes('64Mi')).toBe(67108864);
    expect(quantityBytes('1G')).toBe(1e9);
    expect(quantityBytes('512')).toBe(512);
    expect(() => quantityBytes('64 MB')).toThrow('Not a quantity: 64 MB');
  });
});
