import { formatMatchers, matchesAll, parseMatchers } from './matchers';

describe('alert matchers', () => {
  it('parses the four operators with quoted commas', () => {
    expect(
      parseMatchers('service="checkout", team=~"pay.*",env!="dev",x!~"a,b"'),
    ).toEqual([
      { name: 'service', op: '=', value: 'checkout' },
      { name: 'team', op: '=~', value: 'pay.*' },
      { name: 'env', op: '!=', value: 'dev' },
      { name: 'x', op: '!~', value: 'a,b' },
    ]);
  });

  it('anchors regexes and treats a missing label as empty, like Alertmanager', () => {
    const m = parseMatchers('team=~"pay"');
    expect(matchesAll(m, { team: 'payments' })).toBe(false);
    expect(matchesAll(m, { team: 'pay' })).toBe(true);
    expect(matchesAll(parseMatchers('env!="prod"'), {})).toBe(true);
    expect(matchesAll(parseMatchers('env=""'), {})).toBe(true);
  });

  it('rejects bad input with a message that says what to write', () => {
    expect(() => parseMatchers('service=checkout')).toThrow(/label="value"/);
    expect(() => parseMatchers('a=~"("')).toThrow(/invalid regular expression/);
    expect(() => parseMatchers('')).toThrow(/no matchers/);
  });

  it('formats a UI filter', () => {
    expect(formatMatchers(parseMatchers('{service="a",b=~"c"}'))).toBe(
      '{service="a",b=~"c"}',
    );
  });
});
