import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { HpaSummary } from '@internal/backstage-plugin-eks-platform-common';
import {
  describeHpa,
  describeMetric,
  isMetricOverTarget,
} from '../../format/hpa';
import { formatAgo, formatClock } from '../../format/time';
import { useNow } from '../../hooks/useNow';
import { HealthStatus } from '../HealthStatus';

const useStyles = makeStyles(theme => ({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(4, minmax(0, 1fr))',
    gap: theme.spacing(1),
    margin: theme.spacing(1, 0),
    '& dt': { fontSize: '0.75rem', color: theme.palette.text.secondary },
    '& dd': { margin: 0, fontSize: '1.1rem', fontWeight: 600 },
  },
  list: { margin: 0, paddingLeft: 0, listStyle: 'none' },
  over: { fontWeight: 600 },
}));

const SEVERITY_LEVEL = {
  ok: 'healthy',
  warning: 'warning',
  error: 'critical',
} as const;

/** One autoscaler: replicas, metrics against targets, state in words, last scale. */
export function HpaDetails({ hpa }: { hpa: HpaSummary }) {
  const classes = useStyles();
  const now = useNow(10_000);
  return (
    <div aria-label={`Autoscaler ${hpa.name}`} role="group">
      <Typography variant="body2" color="textSecondary">
        {hpa.name} → {hpa.target.kind} {hpa.target.name}
      </Typography>
      <dl className={classes.grid}>
        <div>
          <dt>Current</dt>
          <dd>{hpa.currentReplicas}</dd>
        </div>
        <div>
          <dt>Desired</dt>
          <dd>{hpa.desiredReplicas}</dd>
        </div>
        <div>
          <dt>Min</dt>
          <dd>{hpa.minReplicas}</dd>
        </div>
        <div>
          <dt>Max</dt>
          <dd>{hpa.maxReplicas}</dd>
        </div>
      </dl>
      <ul className={classes.list} aria-label="Metrics">
        {hpa.metrics.map(metric => (
          <li
            key={metric.name}
            className={isMetricOverTarget(metric) ? classes.over : undefined}
          >
            {describeMetric(metric)}
            {isMetricOverTarget(metric) ? ' (above target)' : ''}
          </li>
        ))}
      </ul>
      <ul className={classes.list} aria-label="Conditions">
        {describeHpa(hpa, now).map(finding => (
          <li key={finding.text}>
            <HealthStatus
              level={SEVERITY_LEVEL[finding.severity]}
              label={finding.text}
            />
          </li>
        ))}
      </ul>
      <Typography variant="caption" color="textSecondary">
        {hpa.lastScaleTime
          ? `Last scaled ${formatAgo(hpa.lastScaleTime, now)} (${formatClock(
              hpa.lastScaleTime,
            )})`
          : 'Never scaled'}
      </Typography>
    </div>
  );
}
