import { makeStyles } from '@material-ui/core/styles';
import { HealthLevel } from '@internal/backstage-plugin-eks-platform-common';
import { HEALTH_ORDER } from '../../fleet/fleetQuery';
import { HealthStatus } from '../HealthStatus';

const useStyles = makeStyles(theme => ({
  root: { margin: theme.spacing(0, 0, 2), fontSize: '0.875rem' },
  list: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: theme.spacing(0.5, 2),
    margin: theme.spacing(1, 0, 0),
  },
  term: { fontWeight: 600 },
  detail: { margin: 0 },
}));

/** What each level means, in the words a service owner acts on. */
export const HEALTH_MEANINGS: Record<HealthLevel, string> = {
  critical:
    'Users are affected now: no replica available, a stuck rollout, a critical alert firing, or 5 % or more of requests failing.',
  warning:
    'Needs attention soon: some replicas unavailable, a warning alert, a crash-looping pod, an autoscaler at its maximum, or a source that could not be read.',
  pending:
    'Not deployed yet: its registration pull request is open, or its workloads have not appeared in any cluster.',
  unknown: 'No source has data for this service.',
  healthy: 'Running with nothing to report.',
};

/** A collapsible legend for the fleet's health levels. */
export function HealthLegend() {
  const classes = useStyles();
  return (
    <details className={classes.root}>
      <summary>What do Critical, Warning and Pending mean?</summary>
      <dl className={classes.list}>
        {HEALTH_ORDER.map(level => (
          <div key={level} style={{ display: 'contents' }}>
            <dt className={classes.term}>
              <HealthStatus level={level} />
            </dt>
            <dd className={classes.detail}>{HEALTH_MEANINGS[level]}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
