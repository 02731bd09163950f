import {
  formatLabelSelector,
  LabelSelectorError,
  matchesSelector,
  MAX_SELECTOR_LENGTH,
  parseLabelSelector,
} from './labelSelector';

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

  it('accepts every form the API server accepts for equality and sets', () => {
    for (const selector of [
      'app=checkout',
      'app==checkout',
      'app = checkout',
      'app!=checkout',
      'app=',
      'app in (a)',
      'app in(a,b)',
      'app notin (a, b)',
      'app',
      '!app',
      '! app',
      'app.kubernetes.io/name=checkout',
      'example.com/v-1_2.3=A.b-C_1',
      'a=b,c=d',
    ]) {
      expect(() => parseLabelSelector(selector)).not.toThrow();
    }
    expect(parseLabelSelector('app=')).toEqual([
      { key: 'app', op: 'in', values: [''] },
    ]);
  });

  it.each([
    ['', /empty label selector/],
    ['   ', /empty label selector/],
    ['app=(x', /expected a label value/],
    ['app in ()', /at least one value/],
    ['app in (a', /expected ',' or '\)'/],
    ['app in a', /expected '\(' after in\/notin/],
    ['app > 5', /< and > operators/],
    ['app < 5', /< and > operators/],
    ['a=b,', /trailing comma/],
    [',a=b', /expected a label key/],
    ['a=b c=d', /expected ',' between requirements/],
    ['a=b=c', /expected ',' between requirements/],
    ['-app=x', /label key '-app' is invalid/],
    ['Example.com/app=x', /invalid prefix/],
    ['/app=x', /invalid prefix/],
    [`${'a'.repeat(64)}=x`, /at most 63 characters/],
    [`app=${'v'.repeat(64)}`, /label value/],
    ['app=a/b', /label value 'a\/b' is invalid/],
    ['app=-x', /label value '-x' is invalid/],
    ['app notin (x,-y)', /label value '-y'/],
    ['app=x;rm', /label value 'x;rm'/],
    ['app=x&watch=true', /label value 'x&watch/],
  ])('refuses %j with what to fix', (selector, message) => {
    expect(() => parseLabelSelector(selector)).toThrow(LabelSelectorError);
    expect(() => parseLabelSelector(selector)).toThrow(message);
  });

  it('refuses selectors longer than the limit', () => {
    const long = Array.from({ length: 200 }, (_, i) => `k${i}=v`).join(',');
    expect(long.length).toBeGreaterThan(MAX_SELECTOR_LENGTH);
    expect(() => parseLabelSelector(long)).toThrow(/at most 1024/);
  });

  it('spells one meaning one way, so spacing cannot multiply watch sets', () => {
    const canonical = formatLabelSelector(
      parseLabelSelector('tier in (web,api),app=checkout,!legacy'),
    );
    expect(canonical).toBe('!legacy,app=checkout,tier in (api,web)');
    for (const variant of [
      ' app == checkout , tier in ( api , web ) , ! legacy',
      '!legacy,tier in (web,api,web),app in (checkout)',
      'app=checkout,app=checkout,tier in (api,web),!legacy',
    ]) {
      expect(formatLabelSelector(parseLabelSelector(variant))).toBe(canonical);
    }
    // The canonical form parses back to the same meaning.
    expect(formatLabelSelector(parseLabelSelector(canonical))).toBe(canonical);
  });
});
