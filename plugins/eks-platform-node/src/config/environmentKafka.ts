import { Config } from '@backstage/config';
import { requireEgressCidrs } from '../validation/cidrs';
import { AddressPolicy, internalHostReason } from '../validation/upstreamUrls';
import { HOST_WITH_PORT } from '../validation/patterns';

/**
 * The event bus of one environment (`eksPlatform.environments[].kafka`): an
 * Amazon MSK cluster with IAM access control. Platform facts, never typed
 * on the form: the chart's `kafka.brokers`/`brokerCidrs` and the runtime
 * Terraform's `kafka.cluster_name` come from here.
 */
export interface EnvironmentKafka {
  /** MSK cluster name (the Terraform data source looks it up by name). */
  clusterName: string;
  /** `arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>`, when known. */
  clusterArn?: string;
  /** IAM bootstrap brokers, `host:port` (port 9098 for MSK IAM). */
  bootstrapBrokers: string[];
  /** Subnets of the brokers: the pods' egress rule allows exactly these. */
  brokerCidrs: string[];
}

/** MSK's own rule for cluster names. */
const MSK_CLUSTER_NAME = /^[0-9A-Za-z][0-9A-Za-z-]{0,63}$/;
const MSK_CLUSTER_ARN =
  /^arn:aws[a-z-]*:kafka:[a-z0-9-]+:\d{12}:cluster\/([0-9A-Za-z][0-9A-Za-z-]{0,63})\/[0-9a-f-]{36}(-\d+)?$/;

/**
 * `host:port` as a Kafka client's bootstrap list takes it: a lower-case DNS
 * name or IPv4 literal and a port, no scheme or path, not an address of
 * this machine or of cloud metadata.
 */
function readBroker(value: string, key: string, policy: AddressPolicy): string {
  const match = /^(.+):(\d{1,5})$/.exec(value);
  const port = match ? Number(match[2]) : 0;
  if (!match || !HOST_WITH_PORT.test(value) || port < 1 || port > 65535) {
    throw new Error(
      `${key} must be host:port such as "b-1.bus.abc123.c7.kafka.eu-west-1.amazonaws.com:9098" (no scheme, no path), got "${value}"`,
    );
  }
  const why = internalHostReason(match[1], policy);
  if (why) {
    throw new Error(
      `${key}: host "${match[1]}" ${why}; use the brokers' names`,
    );
  }
  return value;
}

/** Reads `<where>.kafka` of an environment, or undefined when absent. */
export function readEnvironmentKafka(
  env: Config,
  where: string,
  policy: AddressPolicy,
): EnvironmentKafka | undefined {
  const kafka = env.getOptionalConfig('kafka');
  if (!kafka) return undefined;
  const key = `${where}.kafka`;
  const clusterName = kafka.getString('clusterName');
  if (!MSK_CLUSTER_NAME.test(clusterName)) {
    throw new Error(
      `${key}.clusterName must be an MSK cluster name (letters, digits and "-", at most 64), got "${clusterName}"`,
    );
  }
  const clusterArn = kafka.getOptionalString('clusterArn');
  if (clusterArn !== undefined) {
    const arn = MSK_CLUSTER_ARN.exec(clusterArn);
    if (!arn) {
      throw new Error(
        `${key}.clusterArn must be an MSK cluster ARN (arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>), got "${clusterArn}"`,
      );
    }
    if (arn[1] !== clusterName) {
      throw new Error(
        `${key}.clusterArn names the cluster "${arn[1]}", but ${key}.clusterName is "${clusterName}"`,
      );
    }
  }
  const bootstrapBrokers = kafka.getStringArray('bootstrapBrokers');
  if (bootstrapBrokers.length === 0) {
    throw new Error(`${key}.bootstrapBrokers must list at least one broker`);
  }
  bootstrapBrokers.forEach((broker, i) =>
    readBroker(broker, `${key}.bootstrapBrokers[${i}]`, policy),
  );
  const brokerCidrs = kafka.getStringArray('brokerCidrs');
  if (brokerCidrs.length === 0) {
    throw new Error(
      `${key}.brokerCidrs must list the brokers' subnets (the pods' egress rule allows exactly these)`,
    );
  }
  return {
    clusterName,
    clusterArn,
    bootstrapBrokers,
    brokerCidrs: requireEgressCidrs(brokerCidrs, `${key}.brokerCidrs`),
  };
}

/**
 * Loopback is a sandbox-only address (`eksPlatform.tenancy.allowLoopback`),
 * never when `auth.environment` is production (readTenancyConfig refuses
 * that combination too; readers of a single key must not be laxer).
 */
export function configAddressPolicy(config: Config): AddressPolicy {
  return {
    allowLoopback:
      (config.getOptionalBoolean('eksPlatform.tenancy.allowLoopback') ??
        false) &&
      config.getOptionalString('auth.environment') !== 'production',
  };
}
