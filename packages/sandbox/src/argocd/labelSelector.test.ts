import { parseLabelSelector } from './labelSelector';

describe('parseLabelSelector', () => {
  const labels = {
    app: 'payments',
    tier: 'backend',
    'backstage.io/kubernetes-id': 'payments',
  };

  it.each([
    ['app=payments', true],
    ['app==payments', true],
    ['app!=payments', false],
    ['app=orders', false],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['app in (orders, payments)', true],
    ['app notin (orders,payments)', false],
    ['missing notin (x)', true],
    ['app=payments,tier=frontend', false],
    ['backstage.io/kubernetes-id=payments,tier in (backend)', true],
  ])('%s → %s', (selector, expected) => {
    expect(parseLabelSelector(selector)(labels)).toBe(expected);
  });

  it('treats missing labels as empty and rejects bad syntax', () => {
    expect(parseLabelSelector('app')(undefined)).toBe(false);
    expect(() => parseLabelSelector('app in orders')).toThrow(
      'unable to parse requirement',
    );
  });
});
