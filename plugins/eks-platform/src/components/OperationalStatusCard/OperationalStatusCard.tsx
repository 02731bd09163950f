import { ReactNode } from 'react';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Skeleton from '@material-ui/lab/Skeleton';
import { useEntity, useEntityRefLink } from '@backstage/plugin-catalog-react';
import { useEntityPlatformStatus } from '../../hooks/useEntityPlatformStatus';
import { useNow } from '../../hooks/useNow';
import { formatAgo } from '../../format/time';
import { HealthStatus } from '../HealthStatus';
import { detailCardId } from '../PlatformCard';
import { PendingDeployment } from '../PendingDeployment';
import { SourceNotice } from '../SourceNotice';
import { RefreshingCard } from '../RefreshingCard';
import { operationalVerdicts, SourceVerdict, VerdictId } from './verdicts';

export const OPERATIONAL_STATUS_TITLE = 'Operational status';

/** The lines in display order, also while loading. */
const LINES: Array<{ id: VerdictId; label: string }> = [
  { id: 'autoscaling', label: 'Autoscaling' },
  { id: 'disruption-budget', label: 'Disruption budget' },
  { id: 'alerts', label: 'Alerts' },
  { id: 'traces', label: 'Traces' },
  { id: 'argocd', label: 'Argo CD' },
  { id: 'zone-spread', label: 'Zone spread' },
];

/**
 * Where each line's details are: the detail cards below on the overview,
 * the Platform tab for what only it shows.
 */
function useDetailLinks(): Partial<Record<VerdictId, string>> {
  const { entity } = useEntity();
  const platformTab = `${useEntityRefLink()(entity)}/platform`;
  return {
    autoscaling: `#${detailCardId('Autoscaling')}`,
    'disruption-budget': `#${detailCardId('Disruption budget')}`,
    alerts: `#${detailCardId('Alerts')}`,
    traces: `#${detailCardId('Traces')}`,
    argocd: platformTab,
    'zone-spread': platformTab,
  };
}

const STATE_LABELS: Partial<Record<SourceVerdict['state'], string>> = {
  error: 'Unavailable',
  'not-configured': 'Not configured',
  'no-data': 'No data',
};

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  line: {
    display: 'grid',
    gridTemplateColumns: 'minmax(9em, 1fr) minmax(8em, 1fr) 4fr',
    gap: theme.spacing(2),
    alignItems: 'baseline',
    padding: theme.spacing(0.75, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
}));

function VerdictLine({
  verdict,
  href,
  now,
}: {
  verdict: SourceVerdict;
  /** Where the details are; added sources (`source:<id>`) have none here. */
  href?: string;
  now: number;
}) {
  const classes = useStyles();
  const staleness =
    verdict.state === 'stale'
      ? `Data from ${formatAgo(verdict.fetchedAt, now)}: ${
          verdict.error?.upstream ?? verdict.label
        } is failing${
          verdict.error?.message ? ` (${verdict.error.message})` : ''
        }. `
      : '';
  return (
    <li
      className={classes.line}
      aria-label={verdict.label}
      data-verdict={verdict.id}
      data-state={verdict.state}
    >
      {href ? (
        <Link href={href}>{verdict.label}</Link>
      ) : (
        <span>{verdict.label}</span>
      )}
      <HealthStatus level={verdict.level} label={STATE_LABELS[verdict.state]} />
      <Typography variant="body2" component="span">
        {staleness}
        {verdict.reason}
      </Typography>
    </li>
  );
}

function LoadingLines() {
  const classes = useStyles();
  return (
    <ul
      className={classes.list}
      aria-busy="true"
      aria-label="Loading operational status"
      data-testid="operational-status-loading"
    >
      {LINES.map(line => (
        <li key={line.id} className={classes.line}>
          <span>{line.label}</span>
          <Skeleton variant="text" width="6em" />
          <Skeleton variant="text" />
        </li>
      ))}
    </ul>
  );
}

function CardBody() {
  const classes = useStyles();
  const now = useNow(5000);
  const links = useDetailLinks();
  const { status, error, loading, updatedAt, refresh } =
    useEntityPlatformStatus('summary');
  let body: ReactNode;
  if (status?.health.level === 'pending') {
    // Not deployed yet: "No HorizontalPodAutoscaler found" on each line
    // would suggest adding what the chart already defines (issue 18).
    body = (
      <PendingDeployment
        health={status.health}
        appears="A verdict per source (autoscaling, disruption budget, alerts, traces, Argo CD, zone spread)"
      />
    );
  } else if (status) {
    body = (
      <ul className={classes.list}>
        {operationalVerdicts(status, now).map(verdict => (
          <VerdictLine
            key={verdict.id}
            verdict={verdict}
            href={links[verdict.id]}
            now={now}
          />
        ))}
      </ul>
    );
  } else if (error) {
    body = (
      <SourceNotice
        kind="error"
        fallbackUpstream="The EKS platform backend"
        error={{ upstream: 'The EKS platform backend', message: error.message }}
      />
    );
  } else {
    body = <LoadingLines />;
  }
  return (
    <RefreshingCard
      title={OPERATIONAL_STATUS_TITLE}
      updatedAt={updatedAt}
      loading={loading}
      error={error}
      hasData={status !== undefined}
      onRefresh={refresh}
    >
      {body}
    </RefreshingCard>
  );
}

/**
 * The first card of a service's overview: one line per source (autoscaling,
 * disruption budget, alerts, traces, Argo CD, zone spread) with its verdict
 * and, when not healthy, why; each line links to its details. A service
 * not deployed yet shows Pending with its registration pull request and
 * CI run instead. Reads the small summary view of the status, shared with
 * any other summary reader.
 */
export function OperationalStatusCard() {
  return (
    <section aria-label={OPERATIONAL_STATUS_TITLE} data-plugin="eks-platform">
      <CardBody />
    </section>
  );
}
