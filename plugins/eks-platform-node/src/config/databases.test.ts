import { ConfigReader } from '@backstage/config';
import { readDatabases } from './databases';

const dev = {
  host: 'orders.abc123.eu-west-1.rds.amazonaws.com',
  name: 'orders',
  caBundle: 'rds-global',
  cidrs: ['10.40.0.0/24', '10.40.1.0/24'],
};

function read(databases: object[], extra: object = {}) {
  return readDatabases(
    new ConfigReader({
      ...extra,
      eksPlatform: { databases, ...(extra as any).eksPlatform },
    }),
    ['dev', 'prod'],
  );
}

describe('readDatabases (eksPlatform.databases[])', () => {
  it('is empty without config', () => {
    expect(readDatabases(new ConfigReader({}), ['dev'])).toEqual([]);
  });

  it('fills in port, sslMode and poolMax, per connection and environment', () => {
    expect(
      read([
        {
          connection: 'orders-db',
          environments: {
            dev,
            prod: {
              ...dev,
              host: 'orders.xyz789.eu-west-1.rds.amazonaws.com',
              port: 6432,
              sslMode: 'require',
              caBundle: undefined,
              poolMax: 20,
            },
          },
        },
      ]),
    ).toEqual([
      {
        connection: 'orders-db',
        environments: {
          dev: { ...dev, port: 5432, sslMode: 'verify-full', poolMax: 10 },
          prod: {
            host: 'orders.xyz789.eu-west-1.rds.amazonaws.com',
            name: 'orders',
            port: 6432,
            sslMode: 'require',
            caBundle: undefined,
            poolMax: 20,
            cidrs: dev.cidrs,
          },
        },
      },
    ]);
  });

  it.each([
    [
      { connection: 'orders db' },
      'databases[0].connection must be a Vault database connection name',
    ],
    [
      { environments: { stage: dev } },
      'databases[0].environments.stage is not an environment of eksPlatform.environments; use "dev", "prod"',
    ],
    [
      {
        environments: {
          dev: { ...dev, host: 'https://orders.rds.amazonaws.com' },
        },
      },
      'environments.dev.host must be a host name',
    ],
    [
      {
        environments: {
          dev: { ...dev, host: 'orders.rds.amazonaws.com:5432' },
        },
      },
      'no scheme, no port: set port',
    ],
    [
      { environments: { dev: { ...dev, host: '169.254.169.254' } } },
      'environments.dev.host "169.254.169.254" is a cloud metadata endpoint',
    ],
    [
      { environments: { dev: { ...dev, host: 'fd00-ec2--254.sslip.io' } } },
      'is a cloud metadata endpoint',
    ],
    [
      { environments: { dev: { ...dev, host: '127.1' } } },
      'is a loopback address',
    ],
    [
      { environments: { dev: { ...dev, name: 'orders; DROP' } } },
      'environments.dev.name must be a database name',
    ],
    [
      { environments: { dev: { ...dev, port: 0 } } },
      'environments.dev.port must be a port (1-65535), got 0',
    ],
    [
      { environments: { dev: { ...dev, sslMode: 'prefer' } } },
      'environments.dev.sslMode must be one of verify-full, require, disable, got "prefer"',
    ],
    [
      { environments: { dev: { ...dev, caBundle: undefined } } },
      'environments.dev.caBundle is required with sslMode verify-full',
    ],
    [
      { environments: { dev: { ...dev, caBundle: '../etc' } } },
      'environments.dev.caBundle must be the name of a ConfigMap',
    ],
    [
      { environments: { dev: { ...dev, poolMax: 500 } } },
      'environments.dev.poolMax must be 1 to 100, got 500',
    ],
    [
      { environments: { dev: { ...dev, cidrs: [] } } },
      "environments.dev.cidrs must list the database's subnets",
    ],
    [
      { environments: { dev: { ...dev, cidrs: ['0.0.0.0/0'] } } },
      'environments.dev.cidrs[0] "0.0.0.0/0" is every address',
    ],
  ])('refuses %j with the key to fix', (change, message) => {
    expect(() =>
      read([{ connection: 'orders-db', environments: { dev }, ...change }]),
    ).toThrow(message);
  });

  it('refuses one connection listed twice', () => {
    const entry = { connection: 'orders-db', environments: { dev } };
    expect(() => read([entry, entry])).toThrow(
      'eksPlatform.databases[1].connection "orders-db" is listed twice',
    );
  });

  it('allows clear text and a loopback host only outside production', () => {
    const local = {
      ...dev,
      host: 'localhost',
      sslMode: 'disable',
      caBundle: undefined,
    };
    const sandbox = { eksPlatform: { tenancy: { allowLoopback: true } } };
    expect(
      read(
        [{ connection: 'orders-db', environments: { dev: local } }],
        sandbox,
      )[0].environments.dev,
    ).toMatchObject({ host: 'localhost', sslMode: 'disable' });
    expect(() =>
      read(
        [
          {
            connection: 'orders-db',
            environments: { dev: { ...local, host: 'db.internal' } },
          },
        ],
        {
          auth: { environment: 'production' },
        },
      ),
    ).toThrow(
      'sslMode "disable" sends credentials in clear text; it is refused when auth.environment is production',
    );
    expect(() =>
      read([{ connection: 'orders-db', environments: { dev: local } }], {
        ...sandbox,
        auth: { environment: 'production' },
      }),
    ).toThrow('is a loopback address');
  });
});
