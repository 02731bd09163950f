import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { HealthSummary } from '@internal/backstage-plugin-eks-platform-common';
import { HealthStatus } from '../HealthStatus';
import { HttpLink } from '../HttpLink';

const useStyles = makeStyles(theme => ({
  root: { display: 'grid', gap: theme.spacing(1) },
  links: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    margin: 0,
    padding: 0,
    listStyle: 'none',
  },
}));

/** "Registration pull request #7", "CI run (in progress)": where to follow a pending service. */
export function RegistrationLinks({ health }: { health: HealthSummary }) {
  const classes = useStyles();
  const { pullRequest, ciRun } = health.registration ?? {};
  if (!pullRequest && !ciRun) return null;
  const ciState = ciRun ? ciRun.conclusion ?? ciRun.status : '';
  return (
    <ul className={classes.links} aria-label="Deployment progress">
      {pullRequest && (
        <li>
          <HttpLink href={pullRequest.url} hideWhenUnsafe>
            Registration pull request #{pullRequest.number}
          </HttpLink>
        </li>
      )}
      {ciRun && (
        <li>
          <HttpLink href={ciRun.url} hideWhenUnsafe>
            CI run ({ciState.replace(/_/g, ' ')})
          </HttpLink>
        </li>
      )}
    </ul>
  );
}

/**
 * What a card shows for a service that is not deployed yet, instead of an
 * empty state that suggests adding what the service's chart already
 * defines: what will appear, and the pull request and CI run to follow.
 */
export function PendingDeployment({
  health,
  appears,
}: {
  health: HealthSummary;
  /** What the card shows once deployed, e.g. "The autoscaler the service's chart defines". */
  appears: string;
}) {
  const classes = useStyles();
  return (
    <div
      className={classes.root}
      role="status"
      data-testid="pending-deployment"
    >
      <HealthStatus level="pending" label="Not deployed yet" />
      <Typography variant="body2">
        {appears} will appear here once the service is deployed.
      </Typography>
      <RegistrationLinks health={health} />
    </div>
  );
}
