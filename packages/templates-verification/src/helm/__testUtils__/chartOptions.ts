import { ChartOption } from './chartCases';

/*
 * Values several chart tests lay over the generated ones (as one more values
 * file, the way a team would in its GitOps repository).
 */

/** Calls to two services, a database and a VPC endpoint by CIDR, and Kafka over MSK IAM. */
export const withDependenciesCidrsAndKafka: ChartOption = () => ({
  networkPolicy: {
    dependencies: [
      { name: 'ledger', namespace: 'finance', port: 'http' },
      { name: 'fraud-score', namespace: 'risk', port: 9000 },
    ],
    egress: [
      {
        name: 'orders-db',
        cidr: '10.1.0.0/24',
        except: ['10.1.0.128/25'],
        ports: [{ port: 5432, protocol: 'TCP' }],
      },
      {
        name: 'sts-vpc-endpoint',
        cidr: '10.1.9.16/28',
        ports: [{ port: 443, protocol: 'TCP' }],
      },
    ],
  },
  kafka: {
    enabled: true,
    brokers: ['b-1.msk.internal:9098', 'b-2.msk.internal:9098'],
    brokerCidrs: ['10.2.0.0/24', '10.2.1.0/24'],
    topics: ['orders.created', 'orders.paid'],
    consumerGroup: 'orders-projector',
    auth: 'iam',
  },
});

/** Istio on, with a canary Deployment taking 10 % of the requests. */
export const withIstioCanary: ChartOption = () => ({
  istio: {
    enabled: true,
    canary: { enabled: true, tag: 'canary-2f1e', replicas: 1 },
    traffic: { stable: 90, canary: 10 },
  },
});

/** Istio the other way round from the input set. */
export const withIstioToggled: ChartOption = generated => ({
  istio: { enabled: !generated.istio.enabled },
});

/**
 * A PostgreSQL database as the platform resolves it for the environment
 * (eksPlatform.databases[]), with Vault's dynamic credentials for it.
 */
export const withDatabase: ChartOption = generated => ({
  vault: {
    enabled: true,
    secrets: generated.vault.secrets,
    databaseRole: 'orders-rw',
  },
  database: {
    host: 'orders.abc123.eu-west-1.rds.amazonaws.com',
    name: 'orders',
    port: 6432,
    sslMode: 'verify-full',
    caBundle: 'rds-global',
    poolMax: 15,
    cidrs: ['10.40.0.0/24', '10.40.4.0/24'],
  },
});
