import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Skeleton from '@material-ui/lab/Skeleton';
import { ResponseError } from '@backstage/errors';

const useStyles = makeStyles(theme => ({
  root: { display: 'grid', gap: theme.spacing(1), justifyItems: 'start' },
}));

/**
 * The backend has no scorecard routes (an older backend, or the scorecard
 * switched off): 404 on a route that exists for every catalog entity, or
 * 501. Said plainly instead of as a failure to retry.
 */
export function isScorecardNotConfigured(error: Error): boolean {
  const status = (error as Partial<ResponseError>).statusCode;
  return status === 404 || status === 501;
}

/** Rows standing in for the per-environment scores while they load. */
export function ScorecardSkeleton({ label }: { label: string }) {
  return (
    <div aria-busy="true" aria-label={label} data-testid="scorecard-loading">
      <Skeleton variant="text" width="40%" />
      <Skeleton variant="text" />
      <Skeleton variant="text" />
      <Skeleton variant="text" width="70%" />
    </div>
  );
}

/** The scorecard could not be read: what failed, and a way to try again. */
export function ScorecardError({
  error,
  onRetry,
  what,
}: {
  error: Error;
  onRetry: () => void;
  /** "The readiness score", "Image scans". */
  what: string;
}) {
  const classes = useStyles();
  if (isScorecardNotConfigured(error)) {
    return (
      <div className={classes.root} data-testid="scorecard-not-configured">
        <Typography variant="body2">
          {what} is not configured on this Backstage backend: the EKS platform
          backend has no scorecard for this service.
        </Typography>
      </div>
    );
  }
  return (
    <div className={classes.root} role="alert" data-testid="scorecard-error">
      <Typography variant="body2">
        {what} could not be loaded: {error.message}
      </Typography>
      <Button variant="outlined" size="small" onClick={onRetry}>
        Retry
      </Button>
    </div>
  );
}
