import { NotAllowedError } from '@backstage/errors';
import { checkHostAllowed, isHostAllowed } from './hosts';

describe('isHostAllowed', () => {
  const list = ['github.com', '127.0.0.1:7130'];

  it('matches names exactly, any port unless the entry names one', () => {
    expect(isHostAllowed('github.com', undefined, list)).toBe(true);
    expect(isHostAllowed('GitHub.com.', '443', list)).toBe(true);
    expect(isHostAllowed('127.0.0.1', '7130', list)).toBe(true);
    expect(isHostAllowed('127.0.0.1', '7131', list)).toBe(false);
    expect(isHostAllowed('127.0.0.1', undefined, list)).toBe(false);
  });

  it('does not allow subdomains or look-alikes', () => {
    expect(isHostAllowed('evil.github.com', undefined, list)).toBe(false);
    expect(isHostAllowed('github.com.evil.io', undefined, list)).toBe(false);
    expect(isHostAllowed('github.co', undefined, list)).toBe(false);
    expect(isHostAllowed('github.com', undefined, [])).toBe(false);
  });
});

describe('checkHostAllowed', () => {
  it('names the allowed hosts and the config key', () => {
    const attempt = () =>
      checkHostAllowed(
        'chartRepoUrl',
        new URL('https://charts.evil.io/x'),
        ['github.com'],
        'eksPlatform.tenancy.chartRepositoryHosts',
      );
    expect(attempt).toThrow(NotAllowedError);
    expect(attempt).toThrow(
      'Invalid input "chartRepoUrl": host "charts.evil.io" is not allowed here; use one of "github.com", or ask a platform admin to add it to eksPlatform.tenancy.chartRepositoryHosts.',
    );
  });
});
