import {
  parseRouteMatchers,
  parseRoutingTree,
  receiversFor,
} from './routingTree';

const config = `
route:
  receiver: default
  routes:
    - matchers: ['severity="critical"']
      receiver: pager
      continue: true
    - match: { team: payments }
      receiver: payments
      routes:
        - match_re: { service: "order-.*" }
          receiver: orders
    - matchers: ['{team=~"check.*", env!="dev"}']
      receiver: checkout
    - matchers: ['team=checkout']
      receiver: checkout-dev
    - matchers: ['team="platform"']
      routes:
        - matchers: ['service="dns"']
receivers: [{ name: default }]
`;

describe('Alertmanager routing tree', () => {
  const tree = parseRoutingTree(config);

  it('stops at the first matching route unless it continues', () => {
    expect(receiversFor(tree, { team: 'checkout' })).toEqual(['checkout']);
    expect(
      receiversFor(tree, { team: 'checkout', severity: 'critical' }),
    ).toEqual(['pager', 'checkout']);
  });

  it('reads the deprecated match and match_re, anchored, with nested routes', () => {
    expect(
      receiversFor(tree, { team: 'payments', service: 'order-api' }),
    ).toEqual(['orders']);
    expect(
      receiversFor(tree, { team: 'payments', service: 'x-order-api' }),
    ).toEqual(['payments']);
  });

  it('falls back to the parent, and inherits the receiver down the tree', () => {
    expect(receiversFor(tree, { team: 'search' })).toEqual(['default']);
    expect(receiversFor(tree, { team: 'checkout', env: 'dev' })).toEqual([
      'checkout-dev',
    ]);
    expect(receiversFor(tree, { team: 'platform', service: 'dns' })).toEqual([
      'default',
    ]);
  });

  it('parses quoted, unquoted and braced matchers', () => {
    expect(parseRouteMatchers('{a="x,y", b=c}')).toEqual([
      { name: 'a', op: '=', value: 'x,y' },
      { name: 'b', op: '=', value: 'c' },
    ]);
  });

  it('refuses a configuration it cannot read, saying why', () => {
    expect(() => parseRoutingTree('route: [')).toThrow(/not valid YAML/);
    expect(() => parseRoutingTree('receivers: []')).toThrow(/no route/);
    expect(() =>
      parseRoutingTree('route: { routes: [{ matchers: [\'a=~"("\'] }] }'),
    ).toThrow(/routing tree cannot be read/);
  });
});
