import { matchesSelector, parseLabelSelector } from './labelSelector';

describe('label selectors', () => {
  it('matches equality, set and existence requirements', () => {
    const s = parseLabelSelector(
      'app=checkout, tier in (web, api),env!=dev,track notin (canary),team,!legacy',
    );
    expect(
      matchesSelector(s, { app: 'checkout', tier: 'api', team: 'x' }),
    ).toBe(true);
    expect(matchesSelector(s, { app: 'checkout', tier: 'db', team: 'x' })).toBe(
      false,
    );
    expect(
      matchesSelector(s, {
        app: 'checkout',
        tier: 'web',
        team: 'x',
        env: 'dev',
      }),
    ).toBe(false);
    expect(
      matchesSelector(s, {
        app: 'checkout',
        tier: 'web',
        team: 'x',
        legacy: '1',
      }),
    ).toBe(false);
    expect(matchesSelector(s, { app: 'checkout', tier: 'web' })).toBe(false);
  });

  it('says what is wrong with a bad selector', () => {
    expect(() => parseLabelSelector('app=(x')).toThrow(
      /invalid label selector requirement 'app=\(x'/,
    );
    expect(() => parseLabelSelector(' ')).toThrow(/empty/);
  });
});
