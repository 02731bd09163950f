import { ConfigReader } from '@backstage/config';
import {
  EcrSimulator,
  startEcrSimulator,
} from '@internal/eks-platform-sandbox';
import { UpstreamError } from '../../errors/UpstreamError';
import { createImageScanReader } from './imageScanReader';

const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

describe('createImageScanReader against the sandbox ECR', () => {
  let sim: EcrSimulator;
  const readerFor = (secretAccessKey = 'sandbox-aws-secret') =>
    createImageScanReader(
      new ConfigReader({
        aws: {
          accounts: [
            {
              accountId: '123456789012',
              accessKeyId: 'AKIASANDBOXEXAMPLE01',
              secretAccessKey,
            },
          ],
        },
        eksPlatform: { ecr: { endpoint: sim.url } },
      }),
      {
        policy: {
          timeoutMs: 2000,
          retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
        },
      },
    );
  const target = (imageDigest: string, repositoryName = 'orders') => ({
    registryId: '123456789012',
    region: 'eu-west-1',
    repositoryName,
    imageDigest,
  });

  beforeEach(async () => {
    sim = await startEcrSimulator();
    sim.putImage('orders', {
      imageDigest: digest(1),
      scan: {
        status: 'COMPLETE',
        completedAt: Date.UTC(2026, 10, 29, 12),
        findings: [
          { name: 'CVE-1', severity: 'CRITICAL' },
          { name: 'CVE-2', severity: 'HIGH' },
          { name: 'CVE-3', severity: 'HIGH' },
        ],
      },
    });
    sim.putImage('orders', { imageDigest: digest(2) });
  });
  afterEach(() => sim.close());

  it('reads the severity counts of every finding with one small request', async () => {
    const read = await readerFor().read(target(digest(1)));
    expect(read).toEqual({
      status: 'COMPLETE',
      counts: { CRITICAL: 1, HIGH: 2 },
      completedAt: '2026-11-29T12:00:00.000Z',
    });
    expect(sim.operationCounts.get('DescribeImageScanFindings')).toBe(1);
  });

  it('says NOT_FOUND for a missing repository, image or scan, without retrying', async () => {
    const reader = readerFor();
    for (const t of [
      target(digest(1), 'nobody'),
      target(digest(9)),
      target(digest(2)),
    ])
      expect(await reader.read(t)).toEqual({ status: 'NOT_FOUND', counts: {} });
    expect(sim.operationCounts.get('DescribeImageScanFindings')).toBe(3);
  });

  it('fails with an UpstreamError naming ECR when the credentials are refused', async () => {
    const error = await readerFor('wrong-secret')
      .read(target(digest(1)))
      .catch(e => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toMatch(/AWS ECR failed to read the image scan/);
    expect(error.message).not.toContain('wrong-secret');
  });
});
