import { matchesLabels, parseLabelSelector } from './labelSelector';

const labels = {
  app: 'web',
  tier: 'frontend',
  'app.kubernetes.io/name': 'payments-api',
  replicas: '3',
};
const matches = (selector: string) =>
  matchesLabels(parseLabelSelector(selector), labels);

describe('label selectors', () => {
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['app in (web, api)', true],
    ['app in (api)', false],
    ['app notin (api)', true],
    ['missing notin (api)', true],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['app.kubernetes.io/name=payments-api,tier=frontend', true],
    ['app.kubernetes.io/name=payments-api,tier=backend', false],
    ['replicas>2', true],
    ['replicas<2', false],
  ])('%s → %s', (selector, expected) => {
    expect(matches(selector)).toBe(expected);
  });

  it.each([
    [
      'app=web,',
      "found 'end of string', expected: !, identifier, or 'end of string'",
    ],
    ['app web', "found 'web', expected: in, notin, =, ==, !=, gt, lt"],
    ['app in web', "found 'web', expected: '('"],
    ['-bad=x', 'Invalid value: "-bad"'],
    ['app=not valid!', "found 'valid'"],
    ['replicas>x', 'must be an integer'],
  ])('rejects %s', (selector, message) => {
    expect(() => parseLabelSelector(selector)).toThrow(message);
  });
});
