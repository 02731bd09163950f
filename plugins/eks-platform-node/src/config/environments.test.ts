import { ConfigReader } from '@backstage/config';
import { namespaceFromPattern, readEnvironments } from './environments';

const base = {
  kubernetes: {
    clusterLocatorMethods: [
      { type: 'config', clusters: [{ name: 'dev' }, { name: 'prod' }] },
    ],
  },
  eksPlatform: {
    argocd: { instances: [{ name: 'main', url: 'http://a', token: 't' }] },
    ecr: { accountId: '123456789012', region: 'eu-west-1' },
  },
};

const env = {
  name: 'dev',
  cluster: 'dev',
  argocd: { instance: 'main', destinationServer: 'https://dev.eks:443/' },
};

function read(environments: object[], overrides: object = {}) {
  return readEnvironments(
    new ConfigReader({
      ...base,
      ...overrides,
      eksPlatform: { ...base.eksPlatform, environments },
    }),
  );
}

describe('readEnvironments', () => {
  it('fills in defaults from the ECR and Vault settings', () => {
    expect(read([env])).toEqual([
      {
        name: 'dev',
        cluster: 'dev',
        argocd: {
          instance: 'main',
          destinationServer: 'https://dev.eks:443',
          destinationName: undefined,
        },
        namespacePattern: '{team}',
        ingress: undefined,
        vault: { kubernetesAuthMount: 'kubernetes' },
        aws: { accountId: '123456789012', region: 'eu-west-1' },
        promotion: 'pull-request',
      },
    ]);
  });

  it('reads every documented key', () => {
    const [prod] = read([
      {
        name: 'prod',
        cluster: 'prod',
        argocd: { instance: 'main', destinationName: 'prod' },
        namespacePattern: '{team}-{env}',
        ingress: { className: 'alb', sourceRanges: ['10.0.0.0/8', 'fd00::/8'] },
        vault: { kubernetesAuthMount: 'kubernetes-prod' },
        aws: { accountId: '210987654321', region: 'eu-central-1' },
        promotion: 'automatic',
      },
    ]);
    expect(prod).toMatchObject({
      argocd: { destinationName: 'prod' },
      namespacePattern: '{team}-{env}',
      ingress: { className: 'alb', sourceRanges: ['10.0.0.0/8', 'fd00::/8'] },
      vault: { kubernetesAuthMount: 'kubernetes-prod' },
      aws: { accountId: '210987654321', region: 'eu-central-1' },
      promotion: 'automatic',
    });
  });

  it('does not judge cluster names when clusters come from elsewhere', () => {
    expect(
      read([{ ...env, cluster: 'from-catalog' }], {
        kubernetes: { clusterLocatorMethods: [{ type: 'catalog' }] },
      })[0].cluster,
    ).toBe('from-catalog');
  });

  it.each([
    [{ ...env, name: 'Dev' }, 'environments[0].name must be a short DNS label'],
    [
      { ...env, cluster: 'stage' },
      'environments[0].cluster "stage" is not a cluster of kubernetes.clusterLocatorMethods; use one of "dev", "prod"',
    ],
    [
      { ...env, argocd: { instance: 'eu', destinationServer: 'https://x' } },
      'environments[0].argocd.instance "eu" is not configured',
    ],
    [
      { ...env, argocd: { instance: 'main' } },
      'environments[0].argocd needs exactly one of destinationServer and destinationName',
    ],
    [
      {
        ...env,
        argocd: {
          instance: 'main',
          destinationServer: 'https://x',
          destinationName: 'x',
        },
      },
      'needs exactly one of destinationServer and destinationName',
    ],
    [
      { ...env, argocd: { instance: 'main', destinationServer: 'dev.eks' } },
      'environments[0].argocd.destinationServer must be an absolute http(s) URL',
    ],
    [
      { ...env, namespacePattern: 'shared' },
      'environments[0].namespacePattern must contain {team} or {service}',
    ],
    [
      { ...env, namespacePattern: '{team}_{env}' },
      'must be a namespace name with the placeholders {team}, {env} and {service} only',
    ],
    [
      { ...env, namespacePattern: '{team}-{cluster}' },
      'must be a namespace name with the placeholders',
    ],
    [
      { ...env, ingress: { className: 'alb', sourceRanges: ['0.0.0.0'] } },
      'environments[0].ingress.sourceRanges[0] must be a CIDR',
    ],
    [
      { ...env, aws: { accountId: '42' } },
      'environments[0].aws.accountId must be a 12-digit AWS account ID',
    ],
    [
      { ...env, promotion: 'yolo' },
      'environments[0].promotion must be "automatic" or "pull-request"',
    ],
  ])('refuses %j with the key to fix', (environment, message) => {
    expect(() => read([environment])).toThrow(message);
  });

  it('refuses two environments with one name', () => {
    expect(() => read([env, env])).toThrow(
      'eksPlatform.environments[1].name "dev" is used by two environments',
    );
  });
});

describe('namespaceFromPattern', () => {
  it('fills in the placeholders', () => {
    expect(
      namespaceFromPattern('{team}-{env}', { team: 'checkout', env: 'dev' }),
    ).toBe('checkout-dev');
    expect(
      namespaceFromPattern('{service}', {
        team: 'a',
        env: 'dev',
        service: 'cart',
      }),
    ).toBe('cart');
  });

  it('has no answer when the pattern needs a service that is not given, or the result is not a name', () => {
    expect(
      namespaceFromPattern('{service}', { team: 'a', env: 'dev' }),
    ).toBeUndefined();
    expect(
      namespaceFromPattern('{team}-{env}', {
        team: 'a'.repeat(60),
        env: 'prod',
      }),
    ).toBeUndefined();
  });
});
