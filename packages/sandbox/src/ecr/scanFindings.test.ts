import {
  DescribeImageScanFindingsCommand,
  ECRClient,
  ImageNotFoundException,
  InvalidParameterException,
  RepositoryNotFoundException,
  ScanNotFoundException,
  paginateDescribeImageScanFindings,
} from '@aws-sdk/client-ecr';
import { type EcrSimulator, startEcrSimulator } from './server';
import { ImageScanFinding } from './scanFindings';

const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

const findings: ImageScanFinding[] = [
  ...Array.from({ length: 3 }, (_, i) => ({
    name: `CVE-2026-000${i}`,
    severity: 'HIGH' as const,
  })),
  {
    name: 'CVE-2024-3094',
    severity: 'CRITICAL',
    description: 'xz backdoor',
    uri: 'https://nvd.nist.gov/vuln/detail/CVE-2024-3094',
    attributes: [{ key: 'package_name', value: 'xz-utils' }],
  },
  { name: 'CVE-2026-1000', severity: 'LOW' },
];

describe('ECR simulator: DescribeImageScanFindings', () => {
  let ecr: EcrSimulator;
  let client: ECRClient;
  beforeEach(async () => {
    ecr = await startEcrSimulator({
      // What the sandbox's fleet pushed: any digest of `catalogued`.
      images: (repositoryName, imageDigest) =>
        repositoryName === 'catalogued'
          ? { imageDigest, scan: { status: 'COMPLETE', findings: [] } }
          : undefined,
    });
    client = new ECRClient({
      endpoint: ecr.url,
      region: 'eu-west-1',
      maxAttempts: 1,
      credentials: {
        accessKeyId: 'AKIASANDBOXEXAMPLE01',
        secretAccessKey: 'sandbox-aws-secret',
      },
    });
    ecr.putImage('team/orders', {
      imageDigest: digest(1),
      imageTags: ['1.2.3'],
      scan: {
        status: 'COMPLETE',
        findings,
        completedAt: Date.UTC(2026, 10, 30),
      },
    });
    ecr.putImage('team/orders', { imageDigest: digest(2) });
    ecr.putImage('team/orders', {
      imageDigest: digest(3),
      scan: { status: 'IN_PROGRESS' },
    });
  });
  afterEach(async () => {
    client.destroy();
    await ecr.close();
  });

  it('reports the severity counts of all findings on every page, worst findings first', async () => {
    const first = await client.send(
      new DescribeImageScanFindingsCommand({
        registryId: '123456789012',
        repositoryName: 'team/orders',
        imageId: { imageDigest: digest(1) },
        maxResults: 2,
      }),
    );
    expect(first.imageScanStatus?.status).toBe('COMPLETE');
    expect(first.imageId).toEqual({ imageDigest: digest(1) });
    expect(first.imageScanFindings?.findingSeverityCounts).toEqual({
      CRITICAL: 1,
      HIGH: 3,
      LOW: 1,
    });
    expect(first.imageScanFindings?.imageScanCompletedAt).toEqual(
      new Date(Date.UTC(2026, 10, 30)),
    );
    expect(first.imageScanFindings?.findings?.map(f => f.name)).toEqual([
      'CVE-2024-3094',
      'CVE-2026-0000',
    ]);
    expect(first.imageScanFindings?.findings?.[0].attributes).toEqual([
      { key: 'package_name', value: 'xz-utils' },
    ]);
    expect(first.nextToken).toBeDefined();

    const pages = [];
    for await (const page of paginateDescribeImageScanFindings(
      { client, pageSize: 2 },
      { repositoryName: 'team/orders', imageId: { imageTag: '1.2.3' } },
    ))
      pages.push(page);
    expect(pages).toHaveLength(3);
    expect(
      pages.flatMap(p => p.imageScanFindings!.findings!.map(f => f.name)),
    ).toEqual([
      'CVE-2024-3094',
      'CVE-2026-0000',
      'CVE-2026-0001',
      'CVE-2026-0002',
      'CVE-2026-1000',
    ]);
    expect(pages[2].nextToken).toBeUndefined();
  });

  it('answers a scan still running with its status and no findings', async () => {
    const answer = await client.send(
      new DescribeImageScanFindingsCommand({
        repositoryName: 'team/orders',
        imageId: { imageDigest: digest(3) },
      }),
    );
    expect(answer.imageScanStatus?.status).toBe('IN_PROGRESS');
    expect(answer.imageScanFindings).toBeUndefined();
  });

  it('raises the modelled exceptions: no repository, no image, no scan', async () => {
    const ask = (repositoryName: string, imageDigest: string) =>
      client.send(
        new DescribeImageScanFindingsCommand({
          repositoryName,
          imageId: { imageDigest },
        }),
      );
    await expect(ask('nobody/here', digest(1))).rejects.toBeInstanceOf(
      RepositoryNotFoundException,
    );
    await expect(ask('team/orders', digest(9))).rejects.toBeInstanceOf(
      ImageNotFoundException,
    );
    const noScan = await ask('team/orders', digest(2)).catch(e => e);
    expect(noScan).toBeInstanceOf(ScanNotFoundException);
    expect(noScan.message).toContain(digest(2));
  });

  it('refuses bad input with the parameter it names', async () => {
    const bad = (input: any): Promise<Error | undefined> =>
      client.send(new DescribeImageScanFindingsCommand(input)).then(
        () => undefined,
        (e: Error) => e,
      );
    const cases = [
      [
        { repositoryName: 'team/orders', imageId: {} },
        /imageDigest or imageTag/,
      ],
      [
        { repositoryName: 'team/orders', imageId: { imageDigest: 'nope' } },
        /imageId.imageDigest/,
      ],
      [
        {
          repositoryName: 'team/orders',
          imageId: { imageDigest: digest(1) },
          maxResults: 1001,
        },
        /maxResults/,
      ],
      [
        {
          repositoryName: 'team/orders',
          imageId: { imageDigest: digest(1) },
          nextToken: 'forged',
        },
        /nextToken/,
      ],
      [
        {
          registryId: '999999999999',
          repositoryName: 'team/orders',
          imageId: { imageDigest: digest(1) },
        },
        /registryId/,
      ],
    ] as const;
    for (const [input, message] of cases) {
      const error = await bad(input);
      expect(error).toBeInstanceOf(InvalidParameterException);
      expect(error?.message).toMatch(message);
    }
  });

  it('serves the images of its catalog as if they had been pushed', async () => {
    const answer = await client.send(
      new DescribeImageScanFindingsCommand({
        repositoryName: 'catalogued',
        imageId: { imageDigest: digest(42) },
      }),
    );
    expect(answer.imageScanFindings?.findingSeverityCounts).toEqual({});
    expect(ecr.repositories().map(r => r.repositoryName)).toContain(
      'catalogued',
    );
    expect(ecr.writeRequests).toEqual([]);
  });
});
