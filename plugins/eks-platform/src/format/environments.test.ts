import {
  destinationLabel,
  environmentRank,
  inEnvironmentOrder,
} from './environments';

describe('environment order', () => {
  it('orders dev → stage → prod, whatever the input order, unknown names last', () => {
    expect(
      inEnvironmentOrder(['prod', 'sandbox', 'stage', 'dev'], n => n),
    ).toEqual(['dev', 'stage', 'prod', 'sandbox']);
  });

  it('reads the environment from an application name', () => {
    expect(
      inEnvironmentOrder(
        ['checkout-prod', 'checkout-dev', 'checkout-stage'],
        n => n,
      ),
    ).toEqual(['checkout-dev', 'checkout-stage', 'checkout-prod']);
    expect(environmentRank('production')).toBe(environmentRank('prod'));
  });
});

describe('destinationLabel', () => {
  it('prefers the destination name', () => {
    expect(
      destinationLabel(
        { name: 'prod', server: 'https://127.0.0.1:7143' },
        'checkout-prod',
        [],
      ),
    ).toBe('prod');
  });

  it('names the cluster from the application name instead of a raw URL', () => {
    expect(
      destinationLabel({ server: 'https://127.0.0.1:7143' }, 'checkout-stage', [
        'dev',
        'stage',
        'prod',
      ]),
    ).toBe('stage');
  });

  it('falls back to the host when no cluster matches', () => {
    expect(
      destinationLabel(
        { server: 'https://kubernetes.default.svc' },
        'checkout',
        ['dev'],
      ),
    ).toBe('kubernetes.default.svc');
  });
});
