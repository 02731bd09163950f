import fs from 'node:fs';
import { generatedTrees, writeTree } from '../scaffolder/generatedTrees';
import { inputSets } from '../scaffolder/inputSets';
import { loadTemplateEntity } from '../scaffolder/templateFiles';
import { blocksOf } from './hclJson';
import { checkIamPolicies, policyStatements } from './iamPolicyRules';
import {
  ciExpectations,
  clusterIssuer,
  githubSubject,
  mskCluster,
  parseCiStack,
  parseRuntimeStack,
  runtimeExpectations,
} from './infraFixtures';

jest.setTimeout(120_000);

const ECR_PUSH_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:BatchGetImage',
  'ecr:CompleteLayerUpload',
  'ecr:InitiateLayerUpload',
  'ecr:PutImage',
  'ecr:UploadLayerPart',
];

function attributeValue(
  block: { attributes: Record<string, any> },
  name: string,
) {
  return block.attributes[name]?.value;
}

describe.each(Object.keys(inputSets))('infra/ of input set %s', name => {
  const values = inputSets[name];
  let repo: string;

  beforeAll(async () => {
    repo = writeTree((await generatedTrees())[name], `infra-${name}`);
  });
  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('is laid out as terraform fmt writes it, tfvars included', () => {
    const environment = (values.environments as string[])[0];
    const prefixed = (stack: string, formatted: Record<string, boolean>) =>
      Object.entries(formatted).map(
        ([file, ok]) => [`${stack}/${file}`, ok] as const,
      );
    const generated = [
      ...prefixed('ci', parseCiStack(repo, values).formatted),
      ...prefixed(
        'runtime',
        parseRuntimeStack(repo, values, environment).formatted,
      ),
    ].filter(([file]) => !file.includes('.apply-'));
    expect(generated.length).toBeGreaterThanOrEqual(13);
    expect(generated.filter(([, ok]) => !ok).map(([file]) => file)).toEqual([]);
  });

  it('CI role: parses, passes the policy check, is trusted by this repository on main only and pushes to this repository only', () => {
    const ci = parseCiStack(repo, values);
    expect(checkIamPolicies(ci, ciExpectations(values))).toEqual([]);
    expect(ci.variables).toMatchObject({
      service_name: values.name,
      aws_account_id: values.awsAccountId,
      ecr_repository_name: values.name,
    });
    const trust = blocksOf(ci, 'data', 'aws_iam_policy_document').find(
      b => b.labels[1] === 'github_trust',
    )!;
    const conditions = trust.blocks[0].blocks
      .filter(b => b.type === 'condition')
      .map(c => [c.attributes.variable.value, c.attributes.values.value]);
    expect(conditions).toEqual([
      ['token.actions.githubusercontent.com:aud', ['sts.amazonaws.com']],
      ['token.actions.githubusercontent.com:sub', [githubSubject(values)]],
    ]);
    expect(policyStatements(ci, 'ecr_push')).toEqual([
      {
        sid: 'RegistryLogin',
        actions: ['ecr:GetAuthorizationToken'],
        resources: ['*'],
      },
      {
        sid: 'PushThisRepository',
        actions: ECR_PUSH_ACTIONS,
        resources: [
          `arn:aws:ecr:${values.awsRegion}:${values.awsAccountId}:repository/${values.name}`,
        ],
      },
    ]);
    // The role is the one the template writes into AWS_ROLE_ARN.
    const [role] = blocksOf(ci, 'resource', 'aws_iam_role');
    expect(attributeValue(role, 'name')).toBe(`${values.name}-ci`);
    const configure = loadTemplateEntity().spec.steps.find(
      (s: any) => s.action === 'eks:github:repo:configure',
    );
    // eks:platform:resolve names it arn:aws:iam::<ECR account>:role/<name>-ci
    // (its own tests check the pattern).
    expect(configure.input.awsRoleArn).toBe(
      '${{ steps.platform.output.ciRoleArn }}',
    );
  });

  it.each(values.environments as string[])(
    'runtime role in %s: parses, passes the policy check, is trusted through IRSA by its cluster, namespace and ServiceAccount only',
    environment => {
      const runtime = parseRuntimeStack(repo, values, environment);
      expect(
        checkIamPolicies(runtime, runtimeExpectations(values, environment)),
      ).toEqual([]);
      const [role] = blocksOf(runtime, 'resource', 'aws_iam_role');
      // The ARN the chart's serviceAccount.roleArn defaults to for this environment.
      expect(attributeValue(role, 'name')).toBe(
        `${values.name}-${environment}`,
      );
      const host = clusterIssuer(values, environment).replace('https://', '');
      const trust = blocksOf(runtime, 'data', 'aws_iam_policy_document').find(
        b => b.labels[1] === 'irsa_trust',
      )!;
      const statement = trust.blocks[0];
      expect({
        principal: statement.blocks.find(b => b.type === 'principals')!
          .attributes.identifiers.value,
        conditions: statement.blocks
          .filter(b => b.type === 'condition')
          .map(c => [c.attributes.variable.value, c.attributes.values.value]),
        cluster: runtime.locals.env,
      }).toEqual({
        principal: [
          `arn:aws:iam::${values.awsAccountId}:oidc-provider/${host}`,
        ],
        conditions: [
          [`${host}:aud`, ['sts.amazonaws.com']],
          [
            `${host}:sub`,
            [`system:serviceaccount:${values.namespace}:${values.name}`],
          ],
        ],
        cluster: {
          aws_account_id: values.awsAccountId,
          aws_region: values.awsRegion,
          cluster_name: environment,
          namespace: values.namespace,
        },
      });
      // Only the environments chosen in the form are declared.
      expect(Object.keys(runtime.variables.environments as object)).toEqual(
        [...(values.environments as string[])].sort(),
      );
    },
  );

  it('runtime role: Kafka access exactly as declared on the form, and nothing without Kafka', () => {
    const environment = (values.environments as string[])[0];
    const runtime = parseRuntimeStack(repo, values, environment);
    const kafka = values.messaging === 'kafka';
    const cluster = mskCluster(values).arn;
    const topic = (t: string) =>
      `${cluster.replace(':cluster/', ':topic/')}/${t}`;
    const produces = (values.kafkaProduceTopics as string[] | undefined) ?? [];
    const consumes = (values.kafkaConsumeTopics as string[] | undefined) ?? [];
    const actual = {
      declared: runtime.variables.kafka !== null,
      policies: blocksOf(runtime, 'resource', 'aws_iam_role_policy')
        .filter(b => attributeValue(b, 'count') !== 0)
        .map(b => attributeValue(b, 'name')),
      connect: policyStatements(runtime, 'kafka_connect'),
      produce: policyStatements(runtime, 'kafka_produce'),
      consume: policyStatements(runtime, 'kafka_consume'),
    };
    expect(actual).toEqual({
      declared: kafka,
      policies: [
        ...(kafka ? ['kafka-connect'] : []),
        ...(produces.length ? ['kafka-produce'] : []),
        ...(consumes.length ? ['kafka-consume'] : []),
      ],
      connect: kafka
        ? [
            {
              sid: 'ConnectToTheEventBus',
              actions: ['kafka-cluster:Connect'],
              resources: [cluster],
            },
          ]
        : [],
      produce: produces.length
        ? [
            {
              sid: 'WriteOwnTopics',
              actions: [
                'kafka-cluster:DescribeTopic',
                'kafka-cluster:WriteData',
              ],
              resources: produces.map(topic),
            },
          ]
        : [],
      consume: consumes.length
        ? [
            {
              sid: 'ReadConsumedTopics',
              actions: [
                'kafka-cluster:DescribeTopic',
                'kafka-cluster:ReadData',
              ],
              resources: consumes.map(topic),
            },
            {
              sid: 'UseOwnConsumerGroup',
              actions: [
                'kafka-cluster:AlterGroup',
                'kafka-cluster:DescribeGroup',
              ],
              resources: [
                `${cluster.replace(':cluster/', ':group/')}/${
                  values.kafkaConsumerGroup ?? values.name
                }`,
              ],
            },
          ]
        : [],
    });
  });
});
