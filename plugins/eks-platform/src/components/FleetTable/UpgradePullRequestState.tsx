import { makeStyles } from '@material-ui/core/styles';
import { Link } from '@backstage/core-components';
import { FleetUpgradePullRequest } from '@internal/backstage-plugin-eks-platform-common';
import { RelativeTime } from '../RelativeTime';

const useStyles = makeStyles(theme => ({
  stale: { color: theme.palette.text.primary, fontStyle: 'italic' },
}));

/**
 * " · PR open #12" (a link to it), " · PR merged #12", " · PR closed #12"
 * or " · no PR" after the "behind" chip; nothing while the state is not
 * known. A state the background refresh could not confirm lately stays,
 * marked "stale" with when GitHub last confirmed it.
 */
export function UpgradePullRequestState({
  pullRequest,
  serviceName,
  now = Date.now(),
}: {
  pullRequest?: FleetUpgradePullRequest;
  serviceName: string;
  now?: number;
}) {
  const classes = useStyles();
  if (!pullRequest) return null;
  const { state, url, number, conflicts } = pullRequest;
  return (
    <span data-upgrade-pr={state}>
      {' · '}
      {state === 'none' || !url || number === undefined ? (
        'no PR'
      ) : (
        <Link
          to={url}
          // The name starts with the visible text (WCAG 2.5.3, axe label-content-name-mismatch).
          aria-label={`PR ${state} #${number}: upgrade pull request of ${serviceName}`}
        >
          PR {state} #{number}
        </Link>
      )}
      {state === 'open' && (conflicts ?? 0) > 0 && (
        <>
          {' '}
          ({conflicts} {conflicts === 1 ? 'conflict' : 'conflicts'})
        </>
      )}
      {pullRequest.stale && (
        <span className={classes.stale}>
          {' '}
          (stale,{' '}
          <RelativeTime
            iso={pullRequest.checkedAt}
            now={now}
            prefix="confirmed "
          />
          )
        </span>
      )}
    </span>
  );
}
