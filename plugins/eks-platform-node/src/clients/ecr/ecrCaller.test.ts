import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
} from '@aws-sdk/client-ecr';
import {
  EcrSimulator,
  startEcrSimulator,
} from '@internal/eks-platform-sandbox';
import { UpstreamError } from '../../errors/UpstreamError';
import { sandboxEcrCaller } from '../../__testUtils__/sandboxClients';
import { toUpstreamError } from './ecrCaller';

describe('createEcrCaller', () => {
  let sim: EcrSimulator;
  beforeEach(async () => {
    sim = await startEcrSimulator();
  });
  afterEach(() => sim.close());

  const caller = (accountId?: string) => sandboxEcrCaller(sim, { accountId });

  it('sends signed commands with the account’s credentials', async () => {
    const { ecr } = caller();
    await (
      await ecr
    ).send(
      'create repository',
      new CreateRepositoryCommand({ repositoryName: 'cart' }),
    );
    expect(sim.repositories().map(r => r.repositoryName)).toEqual(['cart']);
  });

  it('maps an AWS error to an UpstreamError with its code and advice, without retrying', async () => {
    const { ecr } = caller();
    const error = await (await ecr)
      .send(
        'describe repository "nope"',
        new DescribeRepositoriesCommand({ repositoryNames: ['nope'] }),
      )
      .catch((e: UpstreamError) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).failure).toMatchObject({
      upstream: 'AWS ECR',
      code: 'RepositoryNotFoundException',
      retryable: false,
    });
    expect(sim.operationCounts.get('DescribeRepositories')).toBe(1);
  });

  it('retries throttling and then succeeds', async () => {
    sim.setFailure({ operation: 'CreateRepository', status: 429, times: 1 });
    const { ecr, delays } = caller();
    await (
      await ecr
    ).send(
      'create repository',
      new CreateRepositoryCommand({ repositoryName: 'orders' }),
    );
    expect(delays).toHaveLength(1);
    expect(sim.operationCounts.get('CreateRepository')).toBe(2);
  });

  it('says which account to add when it has no credentials', async () => {
    await expect(caller('999999999999').ecr).rejects.toMatchObject({
      failure: { code: 'NoCredentials' },
      message: expect.stringContaining(
        'Add account 999999999999 to aws.accounts[] in app-config',
      ),
    });
  });
});

describe('toUpstreamError', () => {
  it('treats throttling codes and 5xx as retryable, other 4xx not', () => {
    const sdk = (name: string, status: number) => ({
      name,
      message: 'm',
      $metadata: { httpStatusCode: status },
    });
    expect(
      toUpstreamError(sdk('ThrottlingException', 400), 'op', false, 1).failure
        .retryable,
    ).toBe(true);
    expect(
      toUpstreamError(sdk('ServerException', 500), 'op', false, 1).failure
        .retryable,
    ).toBe(true);
    expect(
      toUpstreamError(sdk('InvalidParameterException', 400), 'op', false, 1)
        .failure.retryable,
    ).toBe(false);
    expect(toUpstreamError(new Error('x'), 'op', true, 250).message).toContain(
      'no response within 250 ms',
    );
  });
});
