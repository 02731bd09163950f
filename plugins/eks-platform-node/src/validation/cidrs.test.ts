import { isCidr, isEveryAddress, requireEgressCidrs } from './cidrs';

describe('isCidr', () => {
  it.each(['10.0.0.0/8', '10.20.8.0/22', '192.168.1.7/32', 'fd00::/8', '::/0'])(
    'accepts %s',
    value => expect(isCidr(value)).toBe(true),
  );

  it.each([
    '10.0.0.0',
    '10.0.0.0/33',
    '256.0.0.0/8',
    'fd00::/129',
    '10.0.0.0/8/8',
    'example.com/24',
    '10.0.0.0/ 8',
    '',
  ])('refuses %j', value => expect(isCidr(value)).toBe(false));
});

describe('isEveryAddress', () => {
  it.each(['0.0.0.0/0', '::/0', '10.0.0.0/0'])('knows %s is every address', v =>
    expect(isEveryAddress(v)).toBe(true),
  );
  it.each(['0.0.0.0/1', '10.0.0.0/8', 'not a cidr'])('%s is not', v =>
    expect(isEveryAddress(v)).toBe(false),
  );
});

describe('requireEgressCidrs', () => {
  it('returns the subnets as given', () => {
    expect(requireEgressCidrs(['10.1.0.0/24', 'fd00:1::/64'], 'k')).toEqual([
      '10.1.0.0/24',
      'fd00:1::/64',
    ]);
  });

  it('names the key and the entry of a value that is not a CIDR', () => {
    expect(() =>
      requireEgressCidrs(['10.1.0.0/24', '10.1.0.1'], 'x.cidrs'),
    ).toThrow(
      'x.cidrs[1] must be a CIDR such as "10.20.8.0/22", got "10.1.0.1"',
    );
  });

  it.each(['0.0.0.0/0', '::/0'])(
    'refuses %s, which opens egress to the internet',
    v => {
      expect(() => requireEgressCidrs([v], 'x.cidrs')).toThrow(
        `x.cidrs[0] "${v}" is every address`,
      );
    },
  );
});
