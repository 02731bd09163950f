import { ConfigReader } from '@backstage/config';
import { readEnvironments } from './environments';

const kafka = {
  clusterName: 'event-bus',
  clusterArn:
    'arn:aws:kafka:eu-west-1:123456789012:cluster/event-bus/0b5c8f6e-1a2b-4c3d-9e8f-001122334455-7',
  bootstrapBrokers: [
    'b-1.eventbus.abc123.c7.kafka.eu-west-1.amazonaws.com:9098',
    'b-2.eventbus.abc123.c7.kafka.eu-west-1.amazonaws.com:9098',
  ],
  brokerCidrs: ['10.20.8.0/22', '10.20.12.0/22'],
};

function read(value: object | undefined, extra: Record<string, any> = {}) {
  return readEnvironments(
    new ConfigReader({
      ...extra,
      eksPlatform: {
        argocd: { instances: [{ name: 'main', url: 'http://a', token: 't' }] },
        ecr: { accountId: '123456789012', region: 'eu-west-1' },
        tenancy: extra.tenancy,
        environments: [
          {
            name: 'dev',
            cluster: 'dev',
            argocd: { instance: 'main', destinationName: 'dev' },
            kafka: value,
          },
        ],
      },
    }),
  )[0].kafka;
}

describe('eksPlatform.environments[].kafka', () => {
  it('is absent when the environment has no event bus', () => {
    expect(read(undefined)).toBeUndefined();
  });

  it('reads the MSK cluster, its IAM brokers and their subnets', () => {
    expect(read(kafka)).toEqual(kafka);
    const { clusterArn, ...withoutArn } = kafka;
    expect(read(withoutArn)).toEqual({ ...withoutArn, clusterArn: undefined });
  });

  it.each([
    [{ clusterName: 'bus_1' }, 'kafka.clusterName must be an MSK cluster name'],
    [
      { clusterArn: 'arn:aws:s3:::bucket' },
      'kafka.clusterArn must be an MSK cluster ARN',
    ],
    [
      {
        clusterArn:
          'arn:aws:kafka:eu-west-1:123456789012:cluster/other-bus/0b5c8f6e-1a2b-4c3d-9e8f-001122334455',
      },
      'eksPlatform.environments[0].kafka.clusterArn names the cluster "other-bus", but eksPlatform.environments[0].kafka.clusterName is "event-bus"',
    ],
    [
      { bootstrapBrokers: [] },
      'kafka.bootstrapBrokers must list at least one broker',
    ],
    [
      { bootstrapBrokers: ['https://b-1.bus.example.com:9098'] },
      'kafka.bootstrapBrokers[0] must be host:port',
    ],
    [{ bootstrapBrokers: ['b-1.bus.example.com'] }, 'must be host:port'],
    [{ bootstrapBrokers: ['b-1.bus.example.com:9098/x'] }, 'must be host:port'],
    [{ bootstrapBrokers: ['b-1.bus.example.com:70000'] }, 'must be host:port'],
    [{ bootstrapBrokers: ['B-1.Bus.example.com:9098'] }, 'must be host:port'],
    [
      { bootstrapBrokers: ['169.254.169.254:9098'] },
      'kafka.bootstrapBrokers[0]: host "169.254.169.254" is a cloud metadata endpoint',
    ],
    [{ bootstrapBrokers: ['169.254.1.1:9098'] }, 'is a link-local address'],
    [{ bootstrapBrokers: ['0x7f.1:9098'] }, 'is a loopback address'],
    [{ bootstrapBrokers: ['localhost:9098'] }, 'is a loopback address'],
    [{ bootstrapBrokers: ['0.0.0.0:9098'] }, 'is an unspecified address'],
    [{ brokerCidrs: [] }, "kafka.brokerCidrs must list the brokers' subnets"],
    [{ brokerCidrs: ['10.20.8.1'] }, 'kafka.brokerCidrs[0] must be a CIDR'],
    [
      { brokerCidrs: ['10.20.8.0/22', '0.0.0.0/0'] },
      'kafka.brokerCidrs[1] "0.0.0.0/0" is every address',
    ],
    [{ brokerCidrs: ['::/0'] }, '"::/0" is every address'],
  ])('refuses %j with the key to fix', (change, message) => {
    expect(() => read({ ...kafka, ...change })).toThrow(message);
  });

  it('accepts loopback brokers only in the sandbox profile, never in production', () => {
    const local = {
      ...kafka,
      clusterArn: undefined,
      bootstrapBrokers: ['127.0.0.1:9098'],
    };
    expect(
      read(local, { tenancy: { allowLoopback: true } })?.bootstrapBrokers,
    ).toEqual(['127.0.0.1:9098']);
    expect(() =>
      read(local, {
        tenancy: { allowLoopback: true },
        auth: { environment: 'production' },
      }),
    ).toThrow('is a loopback address');
    expect(() =>
      read(
        { ...local, bootstrapBrokers: ['169.254.169.254:9098'] },
        {
          tenancy: { allowLoopback: true },
        },
      ),
    ).toThrow('cloud metadata endpoint');
  });
});
