import { makeStyles } from '@material-ui/core/styles';
import { HealthSummary } from '@internal/backstage-plugin-eks-platform-common';
import { HealthStatus } from '../HealthStatus';
import { RegistrationLinks } from '../PendingDeployment';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(2),
    flexWrap: 'wrap',
  },
  reasons: { margin: 0, paddingLeft: theme.spacing(2) },
}));

/** Overall health and its reasons, worst first. */
export function HealthSummaryPanel({ health }: { health: HealthSummary }) {
  const classes = useStyles();
  return (
    <div className={classes.root} role="group" aria-label="Overall health">
      <HealthStatus level={health.level} />
      {health.reasons.length > 0 && (
        <ul className={classes.reasons}>
          {health.reasons.map(reason => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      <RegistrationLinks health={health} />
    </div>
  );
}
