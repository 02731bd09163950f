import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { AlertSummary } from '@internal/backstage-plugin-eks-platform-common';
import { formatAgo, formatClock } from '../../format/time';
import { useNow } from '../../hooks/useNow';
import { HttpLink } from '../HttpLink';

const useStyles = makeStyles(theme => ({
  item: { marginBottom: theme.spacing(1) },
  links: { display: 'flex', gap: theme.spacing(2), fontSize: '0.8rem' },
}));

/** One alert: name, age, summary, links to Alertmanager and the runbook. */
export function AlertItem({ alert }: { alert: AlertSummary }) {
  const classes = useStyles();
  const now = useNow(10_000);
  return (
    <li className={classes.item}>
      <Typography variant="body2">
        <strong>{alert.name}</strong>{' '}
        <span title={formatClock(alert.startsAt)}>
          firing since {formatAgo(alert.startsAt, now).replace(/ ago$/, '')}
        </span>
      </Typography>
      {alert.summary && (
        <Typography variant="body2">{alert.summary}</Typography>
      )}
      <div className={classes.links}>
        <HttpLink
          href={alert.url}
          aria-label={`Open ${alert.name} in Alertmanager ${alert.alertmanager}`}
          hideWhenUnsafe
        >
          Alertmanager
        </HttpLink>
        <HttpLink
          href={alert.runbookUrl}
          aria-label={`Runbook for ${alert.name}`}
          hideWhenUnsafe
        >
          Runbook
        </HttpLink>
      </div>
    </li>
  );
}
