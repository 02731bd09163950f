import { parseImageRef, runningImageRef } from './imageRef';

describe('image references', () => {
  it('recognises private ECR registries with their account and region', () => {
    expect(
      parseImageRef(
        '123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments/orders@sha256:ab',
      ),
    ).toEqual({
      registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      repository: 'payments/orders',
      ecr: { accountId: '123456789012', region: 'eu-west-1' },
    });
    expect(
      parseImageRef(
        'docker-pullable://210987654321.dkr.ecr-fips.us-gov-west-1.amazonaws.com/a:1.0',
      )?.ecr,
    ).toEqual({ accountId: '210987654321', region: 'us-gov-west-1' });
  });

  it('names public registries without treating them as ECR', () => {
    expect(parseImageRef('nginx:1.27')).toEqual({
      registry: 'docker.io',
      repository: 'library/nginx',
    });
    expect(
      parseImageRef(
        'public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0',
      ),
    ).toEqual({
      registry: 'public.ecr.aws',
      repository: 'aws-observability/aws-otel-collector',
    });
    expect(parseImageRef('localhost:5000/team/app:dev')).toEqual({
      registry: 'localhost:5000',
      repository: 'team/app',
    });
    // A look-alike host is not an ECR registry.
    expect(
      parseImageRef('123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.io/x')
        ?.ecr,
    ).toBeUndefined();
  });

  it('reads the imageID first and falls back to the image for a bare digest', () => {
    expect(
      runningImageRef({
        imageID: 'ghcr.io/acme/app@sha256:1',
        image: 'acme/app:latest',
      })?.registry,
    ).toBe('ghcr.io');
    expect(
      runningImageRef({ imageID: 'sha256:1', image: 'acme/app:latest' }),
    ).toEqual({ registry: 'docker.io', repository: 'acme/app' });
    expect(runningImageRef({ imageID: 'sha256:1' })).toBeUndefined();
    expect(parseImageRef('UPPER/Case')).toBeUndefined();
  });
});
