/* eslint-disable jest/no-conditional-expect -- the checks branch on the values of the case under test; every branch asserts */
import {
  ChartCase,
  ChartOption,
  caseNames,
  renderedCases,
  only,
  trackDeployment,
} from './__testUtils__/chartCases';
import { withDependenciesCidrsAndKafka } from './__testUtils__/chartOptions';

/*
 * What the service reads from its environment: the OpenTelemetry settings
 * (resource attributes per environment and cluster, the image tag as the
 * version) and, when Kafka is chosen, the client settings.
 */
jest.setTimeout(300_000);

const options: Record<string, ChartOption> = {
  generated: () => ({}),
  'Kafka with MSK IAM': withDependenciesCidrsAndKafka,
  'Kafka with SCRAM': () => ({
    kafka: {
      enabled: true,
      brokers: ['b-1.msk.internal:9096'],
      brokerCidrs: ['10.2.0.0/24'],
      topics: ['orders.created'],
      consumerGroup: '',
      auth: 'scram',
    },
    vault: {
      enabled: true,
      secrets: [{ name: 'kafka', path: 'orders/kafka' }],
    },
  }),
};

const cases = renderedCases(options);

function env(c: ChartCase): Record<string, string> {
  const deployment = trackDeployment(c.render.documents);
  const container = deployment.spec.template.spec.containers[0];
  const fromConfigMap = container.envFrom.map(
    (e: any) => only(c.render.documents, 'ConfigMap', e.configMapRef.name).data,
  );
  const own = Object.fromEntries(
    container.env.map((e: any) => [
      e.name,
      e.value ?? `<${e.valueFrom.fieldRef.fieldPath}>`,
    ]),
  );
  const merged = Object.assign({}, ...fromConfigMap);
  // one source per variable: an env entry would silently win over the ConfigMap
  expect(Object.keys(own).filter(k => k in merged)).toEqual([]);
  return { ...merged, ...own };
}

describe.each(caseNames(options))('environment of %s', name => {
  const c = () => cases(name);

  it('names the service, environment, cluster and version in every span and metric', () => {
    const e = env(c());
    const service = trackDeployment(c().render.documents).metadata.name;
    expect(e.OTEL_SERVICE_NAME).toBe(service);
    expect(e.OTEL_EXPORTER_OTLP_ENDPOINT).toBe(c().values.tracing.otlpEndpoint);
    const attributes = Object.fromEntries(
      e.OTEL_RESOURCE_ATTRIBUTES.split(',').map((kv: string) => kv.split('=')),
    );
    expect(attributes).toEqual({
      'deployment.environment': c().env,
      'service.namespace': c().namespace,
      'service.version': c().values.image.tag,
      'k8s.cluster.name': c().values.clusterName,
      'k8s.namespace.name': c().namespace,
      'k8s.pod.name': '$(K8S_POD_NAME)',
    });
    // the cluster is the environment's own (values-<env>.yaml)
    expect(c().values.clusterName).toBe(c().env);
    // $(K8S_POD_NAME) expands only if defined before OTEL_RESOURCE_ATTRIBUTES
    const names = trackDeployment(
      c().render.documents,
    ).spec.template.spec.containers[0].env.map((x: any) => x.name);
    expect(names.indexOf('K8S_POD_NAME')).toBeLessThan(
      names.indexOf('OTEL_RESOURCE_ATTRIBUTES'),
    );
    expect(e.K8S_POD_NAME).toBe('<metadata.name>');
  });

  it('sets the Kafka client settings exactly when Kafka is chosen', () => {
    const e = env(c());
    const kafka = c().values.kafka;
    const keys = Object.keys(e).filter(k => k.startsWith('KAFKA_'));
    if (!kafka.enabled) {
      expect(keys).toEqual([]);
      return;
    }
    expect(e).toMatchObject({
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_TOPICS: kafka.topics.join(','),
      KAFKA_CONSUMER_GROUP: kafka.consumerGroup,
      KAFKA_CLIENT_ID: `${e.OTEL_SERVICE_NAME}-${c().env}`,
      KAFKA_AUTH: kafka.auth,
      KAFKA_SSL: 'true',
      AWS_REGION: c().values.awsRegion,
    });
    const annotations = trackDeployment(c().render.documents).spec.template
      .metadata.annotations;
    if (kafka.auth === 'scram') {
      expect(e.KAFKA_SASL_CREDENTIALS_FILE).toBe('/vault/secrets/kafka');
      expect(
        annotations['vault.hashicorp.com/agent-inject-secret-kafka'],
      ).toBeDefined();
    } else {
      expect(e.KAFKA_SASL_CREDENTIALS_FILE).toBeUndefined();
      // MSK IAM signs with the pod's IRSA role
      expect(
        only(c().render.documents, 'ServiceAccount', e.OTEL_SERVICE_NAME)
          .metadata.annotations['eks.amazonaws.com/role-arn'],
      ).toMatch(/^arn:aws:iam::\d{12}:role\//);
    }
  });
});
