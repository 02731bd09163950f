import { classifyHost, parseIpv4 } from './addresses';

describe('parseIpv4', () => {
  it.each([
    ['127.0.0.1', 0x7f000001],
    ['2130706433', 0x7f000001],
    ['0x7f000001', 0x7f000001],
    ['017700000001', 0x7f000001],
    ['0x7f.1', 0x7f000001],
    ['127.1', 0x7f000001],
    ['0177.0.0.01', 0x7f000001],
    ['169.254.43518', 0xa9fea9fe],
    ['0', 0],
  ])('reads %s the way inet_aton does', (text, value) => {
    expect(parseIpv4(text)).toBe(value);
  });

  it.each(['256.0.0.1', '1.2.3.4.5', '4294967296', '08.0.0.1', 'a.b.c.d', ''])(
    'is not an address: %s',
    text => {
      expect(parseIpv4(text)).toBeUndefined();
    },
  );
});

describe('classifyHost', () => {
  it.each([
    // loopback, in every spelling
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['2130706433', 'loopback'],
    ['0x7f000001', 'loopback'],
    ['0x7f.0.0.1', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['127.1', 'loopback'],
    ['127.0.0.1.', 'loopback'],
    ['[::1]', 'loopback'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['[::ffff:127.0.0.1]', 'loopback'],
    ['[::ffff:7f00:1]', 'loopback'],
    ['[::127.0.0.1]', 'loopback'],
    ['[64:ff9b::7f00:1]', 'loopback'],
    ['[2002:7f00:1::]', 'loopback'],
    ['localhost', 'loopback'],
    ['LOCALHOST.', 'loopback'],
    ['api.localhost', 'loopback'],
    ['localtest.me', 'loopback'],
    ['x.lvh.me', 'loopback'],
    ['127.0.0.1.nip.io', 'loopback'],
    ['app-127-0-0-1.sslip.io', 'loopback'],
    ['7f000001.nip.io', 'loopback'],
    ['--1.sslip.io', 'loopback'],
    // unspecified
    ['0.0.0.0', 'unspecified'],
    ['0', 'unspecified'],
    ['[::]', 'unspecified'],
    // cloud metadata
    ['169.254.169.254', 'metadata'],
    ['0xa9fea9fe', 'metadata'],
    ['2852039166', 'metadata'],
    ['169.254.43518', 'metadata'],
    ['[::ffff:169.254.169.254]', 'metadata'],
    ['[::ffff:a9fe:a9fe]', 'metadata'],
    ['[fd00:ec2::254]', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['169.254.170.23', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['168.63.129.16', 'metadata'],
    ['metadata.google.internal', 'metadata'],
    ['instance-data.ec2.internal', 'metadata'],
    ['169.254.169.254.nip.io', 'metadata'],
    ['169-254-169-254.sslip.io', 'metadata'],
    // link-local
    ['169.254.1.1', 'link-local'],
    ['[fe80::1]', 'link-local'],
    ['[febf::1]', 'link-local'],
  ])('%s is %s', (host, cls) => {
    expect(classifyHost(host)).toBe(cls);
  });

  it.each([
    'github.com',
    'argocd.example.com',
    '10.0.0.1',
    '192.168.1.10',
    '172.16.0.1',
    '8.8.8.8',
    '[2001:db8::1]',
    '[fd00::1]',
    '[fec0::1]',
    '10.0.0.1.nip.io',
    'my-localhost.example.com',
    'nip.io',
  ])('%s is none of them', host => {
    expect(classifyHost(host)).toBeUndefined();
  });
});
