import { ReactNode } from 'react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  FindingSeverity,
  ImageScanSummary,
} from '@internal/backstage-plugin-eks-platform-common';
import { inEnvironmentOrder } from '../../format/environments';
import { useEntityPlatformStatus } from '../../hooks/useEntityPlatformStatus';
import { useEntityScorecard } from '../../hooks/useEntityScorecard';
import { HealthStatus } from '../HealthStatus';
import { HttpLink } from '../HttpLink';
import { PendingDeployment } from '../PendingDeployment';
import { usePlainTableStyles } from '../PlainTable';
import { ScorecardError, ScorecardSkeleton } from '../ReadinessCard';
import { RefreshingCard } from '../RefreshingCard';

export const IMAGE_FINDINGS_TITLE = 'Image scan findings';

/** The severities shown as columns, worst first. */
export const SEVERITIES: FindingSeverity[] = [
  'CRITICAL',
  'HIGH',
  'MEDIUM',
  'LOW',
  'INFORMATIONAL',
];

const SEVERITY_LABEL: Record<FindingSeverity, string> = {
  CRITICAL: 'Critical',
  HIGH: 'High',
  MEDIUM: 'Medium',
  LOW: 'Low',
  INFORMATIONAL: 'Informational',
  UNDEFINED: 'Undefined',
};

const SCAN_STATUS_LABEL: Record<string, string> = {
  COMPLETE: 'Complete',
  IN_PROGRESS: 'In progress',
  FAILED: 'Failed',
  NOT_FOUND: 'No scan found',
  ERROR: 'ECR could not answer',
};

const useStyles = makeStyles({
  digest: { fontFamily: 'monospace' },
  count: { textAlign: 'right' },
});

/** `sha256:4f2a9c0e3b1d…` → `sha256:4f2a9c0e3b1d`: enough to tell digests apart. */
export function shortDigest(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return hex ? `${algorithm}:${hex.slice(0, 12)}` : digest;
}

function ScanStatus({ image }: { image: ImageScanSummary }) {
  const label = SCAN_STATUS_LABEL[image.scanStatus] ?? image.scanStatus;
  if (image.scanStatus === 'COMPLETE') {
    const critical = image.counts.CRITICAL ?? 0;
    return (
      <HealthStatus
        level={critical > 0 ? 'critical' : 'healthy'}
        label={label}
      />
    );
  }
  if (image.scanStatus === 'IN_PROGRESS')
    return <HealthStatus level="pending" label={label} />;
  return <HealthStatus level="unknown" label={label} />;
}

function ImageTable({ images }: { images: ImageScanSummary[] }) {
  const classes = useStyles();
  const tableClasses = usePlainTableStyles();
  return (
    <table
      className={tableClasses.table}
      aria-label="Findings per running image"
    >
      <thead>
        <tr>
          <th scope="col">Image</th>
          <th scope="col">Clusters</th>
          <th scope="col">Scan</th>
          {SEVERITIES.map(severity => (
            <th key={severity} scope="col" className={classes.count}>
              {SEVERITY_LABEL[severity]}
            </th>
          ))}
          <th scope="col">Console</th>
        </tr>
      </thead>
      <tbody>
        {images.map(image => (
          <tr key={image.digest} data-digest={image.digest}>
            <th scope="row">
              <div>{image.repository}</div>
              <div className={classes.digest} title={image.digest}>
                {shortDigest(image.digest)}
              </div>
              {!image.inOrganisationRegistry && (
                <HealthStatus
                  level="critical"
                  label={`Not from the organisation's registry (${image.registry})`}
                />
              )}
            </th>
            <td>
              {inEnvironmentOrder(image.clusters, c => c).join(', ') || '—'}
            </td>
            <td>
              <ScanStatus image={image} />
            </td>
            {SEVERITIES.map(severity => (
              <td key={severity} className={classes.count}>
                {image.scanStatus === 'COMPLETE'
                  ? image.counts[severity] ?? 0
                  : '—'}
              </td>
            ))}
            <td>
              <HttpLink
                href={image.consoleUrl}
                // The accessible name starts with the visible text (WCAG 2.5.3).
                aria-label={`Open in AWS console: findings of ${
                  image.repository
                } ${shortDigest(image.digest)}`}
                hideWhenUnsafe
              >
                Open in AWS console
              </HttpLink>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The ECR scan of every image digest that runs in a cluster, from the
 * scorecard (one shared request with the readiness card): counts by
 * severity, the clusters running it, the scan's status and a link to its
 * findings in the AWS console.
 */
export function ImageFindings() {
  const { scorecard, error, loading, updatedAt, refresh } =
    useEntityScorecard();
  const { status } = useEntityPlatformStatus();
  const images = scorecard?.images ?? [];
  let body: ReactNode;
  if (scorecard && images.length > 0) body = <ImageTable images={images} />;
  else if (scorecard && status?.health.level === 'pending')
    body = (
      <PendingDeployment
        health={status.health}
        appears="The scans of the running images"
      />
    );
  else if (scorecard)
    body = (
      <Typography variant="body2" data-testid="image-findings-none">
        No running image found: the service runs no pod in any cluster the
        platform watches.
      </Typography>
    );
  else if (error)
    body = (
      <ScorecardError error={error} onRetry={refresh} what="Image scans" />
    );
  else body = <ScorecardSkeleton label="Loading the image scans" />;
  return (
    <section aria-label={IMAGE_FINDINGS_TITLE} data-plugin="eks-platform">
      <RefreshingCard
        title={IMAGE_FINDINGS_TITLE}
        updatedAt={updatedAt}
        loading={loading}
        error={error}
        hasData={scorecard !== undefined}
        onRefresh={refresh}
      >
        {body}
      </RefreshingCard>
    </section>
  );
}
