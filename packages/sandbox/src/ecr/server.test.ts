import {
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetLifecyclePolicyCommand,
  GetRepositoryPolicyCommand,
  LifecyclePolicyNotFoundException,
  ListTagsForResourceCommand,
  PutImageScanningConfigurationCommand,
  PutImageTagMutabilityCommand,
  PutLifecyclePolicyCommand,
  RepositoryAlreadyExistsException,
  RepositoryNotFoundException,
  RepositoryPolicyNotFoundException,
  SetRepositoryPolicyCommand,
  TagResourceCommand,
} from '@aws-sdk/client-ecr';
import { type EcrSimulator, startEcrSimulator } from './server';

const lifecyclePolicy = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      description: 'expire untagged images after 7 days',
      selection: {
        tagStatus: 'untagged',
        countType: 'sinceImagePushed',
        countUnit: 'days',
        countNumber: 7,
      },
      action: { type: 'expire' },
    },
    {
      rulePriority: 2,
      description: 'keep the last 30 tagged images',
      selection: {
        tagStatus: 'tagged',
        tagPatternList: ['*'],
        countType: 'imageCountMoreThan',
        countNumber: 30,
      },
      action: { type: 'expire' },
    },
  ],
});

const crossAccountPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'CrossAccountPull',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::210987654321:root' },
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    },
  ],
});

describe('ECR simulator', () => {
  let ecr: EcrSimulator;
  let client: ECRClient;
  const makeClient = (
    secretAccessKey = 'sandbox-aws-secret',
    region = 'eu-west-1',
    maxAttempts = 1,
  ) =>
    new ECRClient({
      endpoint: ecr.url,
      region,
      maxAttempts,
      credentials: { accessKeyId: 'AKIASANDBOXEXAMPLE01', secretAccessKey },
    });

  beforeEach(async () => {
    ecr = await startEcrSimulator();
    client = makeClient();
  });
  afterEach(async () => {
    client.destroy();
    await ecr.close();
  });

  it('creates a repository with scanning, immutability, KMS encryption and tags', async () => {
    const { repository } = await client.send(
      new CreateRepositoryCommand({
        repositoryName: 'team-a/payments',
        imageTagMutability: 'IMMUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: { encryptionType: 'KMS' },
        tags: [{ Key: 'owner', Value: 'team-a' }],
      }),
    );
    expect(repository).toMatchObject({
      repositoryName: 'team-a/payments',
      registryId: '123456789012',
      repositoryArn:
        'arn:aws:ecr:eu-west-1:123456789012:repository/team-a/payments',
      repositoryUri:
        '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team-a/payments',
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: { encryptionType: 'KMS' },
    });
    expect(repository?.encryptionConfiguration?.kmsKey).toMatch(
      /^arn:aws:kms:eu-west-1:123456789012:key\//,
    );
    expect(repository?.createdAt).toBeInstanceOf(Date);

    const { tags } = await client.send(
      new ListTagsForResourceCommand({
        resourceArn: repository!.repositoryArn,
      }),
    );
    expect(tags).toEqual([{ Key: 'owner', Value: 'team-a' }]);
  });

  it('reports RepositoryAlreadyExistsException with AWS message', async () => {
    await client.send(
      new CreateRepositoryCommand({ repositoryName: 'orders' }),
    );
    const error = await client
      .send(new CreateRepositoryCommand({ repositoryName: 'orders' }))
      .catch(e => e);
    expect(error).toBeInstanceOf(RepositoryAlreadyExistsException);
    expect(error.message).toBe(
      "The repository with name 'orders' already exists in the registry with id '123456789012'",
    );
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('describes repositories and reports RepositoryNotFoundException', async () => {
    await client.send(
      new CreateRepositoryCommand({ repositoryName: 'a-service' }),
    );
    await client.send(
      new CreateRepositoryCommand({ repositoryName: 'b-service' }),
    );
    const all = await client.send(new DescribeRepositoriesCommand({}));
    expect(all.repositories?.map(repo => repo.repositoryName)).toEqual([
      'a-service',
      'b-service',
    ]);
    const paged = await client.send(
      new DescribeRepositoriesCommand({ maxResults: 1 }),
    );
    expect(paged.repositories).toHaveLength(1);
    const next = await client.send(
      new DescribeRepositoriesCommand({
        maxResults: 1,
        nextToken: paged.nextToken,
      }),
    );
    expect(next.repositories?.[0].repositoryName).toBe('b-service');

    const error = await client
      .send(new DescribeRepositoriesCommand({ repositoryNames: ['missing'] }))
      .catch(e => e);
    expect(error).toBeInstanceOf(RepositoryNotFoundException);
    expect(error.message).toBe(
      "The repository with name 'missing' does not exist in the registry with id '123456789012'",
    );
  });

  it('rejects invalid repository names and bad lifecycle policies with InvalidParameterException', async () => {
    const badName = await client
      .send(new CreateRepositoryCommand({ repositoryName: 'Payments_' }))
      .catch(e => e);
    expect(badName.name).toBe('InvalidParameterException');
    expect(badName.message).toContain(
      "Invalid parameter at 'repositoryName' failed to satisfy constraint",
    );

    await client.send(new CreateRepositoryCommand({ repositoryName: 'svc' }));
    const notJson = await client
      .send(
        new PutLifecyclePolicyCommand({
          repositoryName: 'svc',
          lifecyclePolicyText: `{${'x'.repeat(120)}`,
        }),
      )
      .catch(e => e);
    expect(notJson.name).toBe('InvalidParameterException');
    expect(notJson.message).toContain('Lifecycle policy validation failure');
    const badRule = JSON.stringify({
      rules: [
        {
          rulePriority: 1,
          selection: {
            tagStatus: 'tagged',
            countType: 'imageCountMoreThan',
            countNumber: 5,
          },
          action: { type: 'expire' },
        },
      ],
    }).padEnd(120, ' ');
    const missingPrefix = await client
      .send(
        new PutLifecyclePolicyCommand({
          repositoryName: 'svc',
          lifecyclePolicyText: badRule,
        }),
      )
      .catch(e => e);
    expect(missingPrefix.message).toContain(
      'tagPrefixList or tagPatternList is required',
    );
  });

  it('puts and gets lifecycle and repository policies, with not-found errors before', async () => {
    await client.send(new CreateRepositoryCommand({ repositoryName: 'svc' }));
    expect(
      await client
        .send(new GetLifecyclePolicyCommand({ repositoryName: 'svc' }))
        .catch(e => e),
    ).toBeInstanceOf(LifecyclePolicyNotFoundException);
    expect(
      await client
        .send(new GetRepositoryPolicyCommand({ repositoryName: 'svc' }))
        .catch(e => e),
    ).toBeInstanceOf(RepositoryPolicyNotFoundException);
    await client.send(
      new PutLifecyclePolicyCommand({
        repositoryName: 'svc',
        lifecyclePolicyText: lifecyclePolicy,
      }),
    );
    const lifecycle = await client.send(
      new GetLifecyclePolicyCommand({ repositoryName: 'svc' }),
    );
    expect(JSON.parse(lifecycle.lifecyclePolicyText!)).toEqual(
      JSON.parse(lifecyclePolicy),
    );

    await client.send(
      new SetRepositoryPolicyCommand({
        repositoryName: 'svc',
        policyText: crossAccountPolicy,
      }),
    );
    const policy = await client.send(
      new GetRepositoryPolicyCommand({ repositoryName: 'svc' }),
    );
    expect(policy.policyText).toBe(crossAccountPolicy);
    const invalid = await client
      .send(
        new SetRepositoryPolicyCommand({
          repositoryName: 'svc',
          policyText: '{"Statement":[{"Effect":"Maybe"}]}',
        }),
      )
      .catch(e => e);
    expect(invalid.name).toBe('InvalidParameterException');
  });

  it('updates scanning, tag mutability and tags; deletes repositories', async () => {
    const { repository } = await client.send(
      new CreateRepositoryCommand({ repositoryName: 'svc' }),
    );
    await client.send(
      new PutImageScanningConfigurationCommand({
        repositoryName: 'svc',
        imageScanningConfiguration: { scanOnPush: true },
      }),
    );
    await client.send(
      new PutImageTagMutabilityCommand({
        repositoryName: 'svc',
        imageTagMutability: 'IMMUTABLE',
      }),
    );
    await client.send(
      new TagResourceCommand({
        resourceArn: repository!.repositoryArn,
        tags: [{ Key: 'team', Value: 'core' }],
      }),
    );
    const [stored] = ecr.repositories();
    expect(stored).toMatchObject({
      imageScanningConfiguration: { scanOnPush: true },
      imageTagMutability: 'IMMUTABLE',
      tags: [{ Key: 'team', Value: 'core' }],
      encryptionConfiguration: { encryptionType: 'AES256' },
    });
    const badMutability = await client
      .send(
        new PutImageTagMutabilityCommand({
          repositoryName: 'svc',
          imageTagMutability: 'SOMETIMES' as never,
        }),
      )
      .catch(e => e);
    expect(badMutability.name).toBe('InvalidParameterException');
    const badArn = await client
      .send(new TagResourceCommand({ resourceArn: 'arn:nope', tags: [] }))
      .catch(e => e);
    expect(badArn.name).toBe('InvalidParameterException');

    await client.send(new DeleteRepositoryCommand({ repositoryName: 'svc' }));
    expect(ecr.repositories()).toEqual([]);
    expect(
      await client
        .send(new DeleteRepositoryCommand({ repositoryName: 'svc' }))
        .catch(e => e),
    ).toBeInstanceOf(RepositoryNotFoundException);
  });

  it('records the operations that change a repository, not reads, whatever the outcome', async () => {
    await client
      .send(new DescribeRepositoriesCommand({ repositoryNames: ['svc'] }))
      .catch(() => undefined);
    expect(ecr.writeRequests).toEqual([]);
    const { repository } = await client.send(
      new CreateRepositoryCommand({ repositoryName: 'svc' }),
    );
    await client.send(
      new ListTagsForResourceCommand({
        resourceArn: repository!.repositoryArn,
      }),
    );
    await client
      .send(new GetLifecyclePolicyCommand({ repositoryName: 'svc' }))
      .catch(() => undefined);
    await client
      .send(
        new SetRepositoryPolicyCommand({
          repositoryName: 'missing',
          policyText: crossAccountPolicy,
        }),
      )
      .catch(() => undefined);
    await client.send(
      new TagResourceCommand({
        resourceArn: repository!.repositoryArn,
        tags: [{ Key: 'team', Value: 'core' }],
      }),
    );
    expect(ecr.writeRequests).toEqual([
      'CreateRepository',
      'SetRepositoryPolicy',
      'TagResource',
    ]);
  });

  it('verifies SigV4: unsigned, unknown key, wrong secret and wrong region all fail as on AWS', async () => {
    const unsigned = await fetch(ecr.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target':
          'AmazonEC2ContainerRegistry_V20150921.DescribeRepositories',
      },
      body: '{}',
    });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toEqual({
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });

    const unknownKey = new ECRClient({
      endpoint: ecr.url,
      region: 'eu-west-1',
      maxAttempts: 1,
      credentials: {
        accessKeyId: 'AKIAUNKNOWN000000000',
        secretAccessKey: 'x',
      },
    });
    expect(
      (await unknownKey.send(new DescribeRepositoriesCommand({})).catch(e => e))
        .name,
    ).toBe('UnrecognizedClientException');
    const wrongSecret = makeClient('not-the-secret');
    const signatureError = await wrongSecret
      .send(new DescribeRepositoriesCommand({}))
      .catch(e => e);
    expect(signatureError.name).toBe('InvalidSignatureException');
    const wrongRegion = makeClient('sandbox-aws-secret', 'us-east-1');
    expect(
      (
        await wrongRegion
          .send(new DescribeRepositoriesCommand({}))
          .catch(e => e)
      ).message,
    ).toContain(
      "Credential should be scoped to a valid region, not 'us-east-1'",
    );
    [unknownKey, wrongSecret, wrongRegion].forEach(c => c.destroy());
    expect(ecr.repositories()).toEqual([]);
  });

  it('injects throttling that the SDK retries, and hard failures it surfaces', async () => {
    ecr.setFailure({
      operation: 'CreateRepository',
      status: 429,
      times: 1,
      retryAfterSeconds: 1,
    });
    const retrying = makeClient('sandbox-aws-secret', 'eu-west-1', 3);
    await retrying.send(
      new CreateRepositoryCommand({ repositoryName: 'retried' }),
    );
    expect(ecr.operationCounts.get('CreateRepository')).toBe(2);
    retrying.destroy();

    ecr.setFailure({ operation: 'DescribeRepositories', status: 500 });
    const error = await client
      .send(new DescribeRepositoriesCommand({}))
      .catch(e => e);
    expect(error.$metadata.httpStatusCode).toBe(500);
    expect(error.name).toBe('ServerException');
    ecr.clearFailures();
    expect(
      (await client.send(new DescribeRepositoriesCommand({}))).repositories,
    ).toHaveLength(1);
  });

  it('can hang a call until the client times out', async () => {
    ecr.setFailure({ operation: 'DescribeRepositories', hang: true, times: 1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(
      client.send(new DescribeRepositoriesCommand({}), {
        abortSignal: controller.signal,
      }),
    ).rejects.toThrow();
    expect(
      (await client.send(new DescribeRepositoriesCommand({}))).repositories,
    ).toEqual([]);
  });
});
