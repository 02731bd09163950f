import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { AlertsStatus } from '@internal/backstage-plugin-eks-platform-common';
import { isCriticalSeverity, splitAlerts } from '../../format/alerts';
import { HealthStatus } from '../HealthStatus';
import { SourceNotice } from '../SourceNotice';
import { AlertItem } from './AlertItem';

const useStyles = makeStyles(theme => ({
  list: { margin: 0, padding: 0, listStyle: 'none' },
  group: { marginBottom: theme.spacing(1.5) },
  muted: { marginTop: theme.spacing(1), '& summary': { cursor: 'pointer' } },
}));

function capitalise(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Firing alerts by severity, muted ones collapsed, and an all-clear state. */
export function AlertsList({ data }: { data: AlertsStatus }) {
  const classes = useStyles();
  const { firing, muted } = splitAlerts(data.alerts);
  const failing = data.instances.filter(i => i.state === 'error');
  return (
    <>
      {failing.map(instance => (
        <SourceNotice
          key={instance.name}
          kind="error"
          error={instance.error}
          fallbackUpstream={`alertmanager/${instance.name}`}
        />
      ))}
      {firing.length === 0 && failing.length < data.instances.length && (
        <div role="status" data-testid="alerts-all-clear">
          <HealthStatus level="healthy" label="All clear: no alerts firing" />
        </div>
      )}
      {firing.map(group => (
        <section
          key={group.severity}
          className={classes.group}
          aria-label={`${capitalise(group.severity)} alerts`}
        >
          <Typography variant="subtitle2" component="h4">
            <HealthStatus
              level={
                isCriticalSeverity(group.severity) ? 'critical' : 'warning'
              }
              label={`${capitalise(group.severity)} (${group.alerts.length})`}
            />
          </Typography>
          <ul className={classes.list}>
            {group.alerts.map(alert => (
              <AlertItem key={alert.fingerprint} alert={alert} />
            ))}
          </ul>
        </section>
      ))}
      {muted.length > 0 && (
        <details className={classes.muted}>
          <summary>
            {muted.length} silenced or inhibited alert
            {muted.length === 1 ? '' : 's'}
          </summary>
          <ul className={classes.list}>
            {muted.map(alert => (
              <AlertItem key={alert.fingerprint} alert={alert} />
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
