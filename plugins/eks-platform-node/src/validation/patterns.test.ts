import {
  AWS_ACCOUNT_ID,
  AWS_REGION,
  GITHUB_NAME,
  HOST_WITH_PORT,
  isDnsLabel,
} from './patterns';

describe('patterns', () => {
  it('DNS labels: lowercase, digits and "-", up to the limit', () => {
    expect(isDnsLabel('team-a')).toBe(true);
    expect(isDnsLabel('a'.repeat(64))).toBe(false);
    expect(isDnsLabel('a'.repeat(100), 128)).toBe(true);
    for (const bad of ['Team', '-a', 'a-', 'a_b', '', 42]) {
      expect(isDnsLabel(bad)).toBe(false);
    }
  });

  it('the AWS, GitHub and host shapes', () => {
    expect(AWS_ACCOUNT_ID.test('123456789012')).toBe(true);
    expect(AWS_ACCOUNT_ID.test('1234567890123')).toBe(false);
    expect(AWS_REGION.test('us-gov-west-1')).toBe(true);
    expect(AWS_REGION.test('eu-west')).toBe(false);
    expect(GITHUB_NAME.test('acme-corp')).toBe(true);
    expect(GITHUB_NAME.test('acme corp')).toBe(false);
    expect(HOST_WITH_PORT.test('127.0.0.1:7130')).toBe(true);
    expect(HOST_WITH_PORT.test('github.com')).toBe(true);
    expect(HOST_WITH_PORT.test('https://github.com')).toBe(false);
    expect(HOST_WITH_PORT.test('github.com/acme')).toBe(false);
  });
});
