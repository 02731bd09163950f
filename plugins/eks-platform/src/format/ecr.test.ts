import { ecrConsoleUrl, imageTagIn, parseEcrRepositoryUri } from './ecr';

describe('ECR repository URIs', () => {
  const uri = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/checkout';

  it('parses account, region and name', () => {
    expect(parseEcrRepositoryUri(uri)).toEqual({
      accountId: '123456789012',
      region: 'eu-west-1',
      name: 'team/checkout',
      uri,
    });
    expect(parseEcrRepositoryUri('docker.io/library/nginx')).toBeUndefined();
  });

  it('links to the AWS console', () => {
    expect(ecrConsoleUrl(parseEcrRepositoryUri(uri)!)).toBe(
      'https://eu-west-1.console.aws.amazon.com/ecr/repositories/private/123456789012/team/checkout?region=eu-west-1',
    );
  });

  it('finds the tag of images from the repository', () => {
    const repo = parseEcrRepositoryUri(uri)!;
    expect(imageTagIn(repo, `${uri}:1.4.2`)).toBe('1.4.2');
    expect(imageTagIn(repo, `${uri}-other:1.4.2`)).toBeUndefined();
  });
});
