import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { resolveEnvironmentFacts } from './environmentFacts';
import { readPlatformPolicy } from './platformPolicy';

const policy = readPlatformPolicy(
  new ConfigReader({
    eksPlatform: {
      argocd: { instances: [{ name: 'main', url: 'http://a', token: 't' }] },
      ecr: { accountId: '123456789012', region: 'eu-west-1' },
      environments: [
        {
          name: 'dev',
          cluster: 'dev',
          argocd: { instance: 'main', destinationName: 'dev' },
          kafka: {
            clusterName: 'event-bus',
            bootstrapBrokers: [
              'b-1.eventbus.abc123.c7.kafka.eu-west-1.amazonaws.com:9098',
            ],
            brokerCidrs: ['10.20.8.0/22'],
          },
        },
        {
          name: 'prod',
          cluster: 'prod',
          argocd: { instance: 'main', destinationName: 'prod' },
        },
      ],
      databases: [
        {
          connection: 'orders-db',
          environments: {
            dev: {
              host: 'orders.abc123.eu-west-1.rds.amazonaws.com',
              name: 'orders',
              caBundle: 'rds-global',
              cidrs: ['10.40.0.0/24'],
            },
          },
        },
      ],
    },
  }),
);

describe('resolveEnvironmentFacts', () => {
  it('gives the chart its database.* and kafka values for the environment', () => {
    expect(
      resolveEnvironmentFacts(policy, {
        environment: 'dev',
        databaseConnection: 'orders-db',
        messaging: 'kafka',
      }),
    ).toEqual({
      database: {
        host: 'orders.abc123.eu-west-1.rds.amazonaws.com',
        name: 'orders',
        port: 5432,
        sslMode: 'verify-full',
        caBundle: 'rds-global',
        poolMax: 10,
        cidrs: ['10.40.0.0/24'],
      },
      kafka: {
        cluster: 'event-bus',
        clusterArn: '',
        brokers: ['b-1.eventbus.abc123.c7.kafka.eu-west-1.amazonaws.com:9098'],
        brokerCidrs: ['10.20.8.0/22'],
      },
    });
  });

  it('has no facts when the service asks for no database and no messaging', () => {
    expect(resolveEnvironmentFacts(policy, { environment: 'prod' })).toEqual(
      {},
    );
    expect(
      resolveEnvironmentFacts(policy, {
        environment: 'prod',
        databaseConnection: '',
        messaging: 'none',
      }),
    ).toEqual({});
  });

  it('hands out copies: a caller changing a result cannot change the policy', () => {
    const first = resolveEnvironmentFacts(policy, {
      environment: 'dev',
      databaseConnection: 'orders-db',
      messaging: 'kafka',
    });
    first.database!.cidrs.push('0.0.0.0/0');
    first.kafka!.brokers.push('evil:9098');
    const again = resolveEnvironmentFacts(policy, {
      environment: 'dev',
      databaseConnection: 'orders-db',
      messaging: 'kafka',
    });
    expect(again.database!.cidrs).toEqual(['10.40.0.0/24']);
    expect(again.kafka!.brokers).toHaveLength(1);
  });

  it.each([
    [
      { environment: 'qa' },
      'Invalid input "environment": "qa" is not a platform environment; use "dev", "prod".',
    ],
    [{ environment: '__proto__' }, 'is not a platform environment'],
    [
      { environment: 'dev', databaseConnection: 'payments-db' },
      'the platform knows no database behind Vault connection "payments-db"; a platform team adds it under eksPlatform.databases[] (connection: payments-db).',
    ],
    [
      { environment: 'prod', databaseConnection: 'orders-db' },
      'Vault connection "orders-db" has no database in environment "prod"; a platform team sets eksPlatform.databases[connection=orders-db].environments.prod',
    ],
    [
      { environment: 'dev', databaseConnection: 'a/../b' },
      'Invalid input "databaseConnection": "a/../b" is not a Vault database connection name',
    ],
    [
      { environment: 'dev', databaseConnection: 'constructor' },
      'knows no database behind Vault connection "constructor"',
    ],
    [
      { environment: 'prod', messaging: 'kafka' },
      'environment "prod" has no event bus; a platform team sets eksPlatform.environments[name=prod].kafka (clusterName, bootstrapBrokers, brokerCidrs), or choose no messaging.',
    ],
    [
      { environment: 'dev', messaging: 'rabbitmq' },
      'Invalid input "messaging": "rabbitmq" is not offered; use "kafka" or "none".',
    ],
  ])(
    'refuses %j with an InputError that says which key to set',
    (question, message) => {
      let error: unknown;
      try {
        resolveEnvironmentFacts(policy, question as any);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toContain(message);
    },
  );
});
