import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { RelativeTime } from '../RelativeTime';
import {
  destinationLabel,
  inEnvironmentOrder,
} from '../../format/environments';
import {
  ArgoCdStatus,
  HealthLevel,
} from '@internal/backstage-plugin-eks-platform-common';
import { useNow } from '../../hooks/useNow';
import { HealthStatus } from '../HealthStatus';
import { HttpLink } from '../HttpLink';

const useStyles = makeStyles(theme => ({
  table: {
    borderCollapse: 'collapse',
    width: '100%',
    '& th, & td': {
      textAlign: 'left',
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.palette.divider}`,
    },
  },
}));

export function syncLevel(sync: string): HealthLevel {
  if (sync === 'Synced') return 'healthy';
  if (sync === 'OutOfSync') return 'warning';
  return 'unknown';
}

export function argoHealthLevel(health: string): HealthLevel {
  switch (health) {
    case 'Healthy':
      return 'healthy';
    case 'Progressing':
    case 'Suspended':
      return 'warning';
    case 'Degraded':
    case 'Missing':
      return 'critical';
    default:
      return 'unknown';
  }
}

/** Argo CD applications of the service: sync, health, revision, links. */
export function ArgoCdApps({
  data,
  clusterNames = [],
}: {
  data: ArgoCdStatus;
  /** The service's clusters, to name a destination Argo CD knows only by URL. */
  clusterNames?: string[];
}) {
  const classes = useStyles();
  const now = useNow(10_000);
  if (data.applications.length === 0) {
    return (
      <Typography variant="body2">
        No Argo CD application matches this service. Set argocd/app-name or
        argocd/app-selector in catalog-info.yaml.
      </Typography>
    );
  }
  return (
    <table className={classes.table} aria-label="Argo CD applications">
      <thead>
        <tr>
          <th scope="col">Application</th>
          <th scope="col">Sync</th>
          <th scope="col">Health</th>
          <th scope="col">Revision</th>
          <th scope="col">Destination</th>
        </tr>
      </thead>
      <tbody>
        {inEnvironmentOrder(data.applications, a => a.name).map(app => (
          <tr key={`${app.instance}/${app.name}`}>
            <td>
              <HttpLink
                href={app.url}
                aria-label={`Open ${app.name} in Argo CD`}
              >
                {app.name}
              </HttpLink>
            </td>
            <td>
              <HealthStatus
                level={syncLevel(app.syncStatus)}
                label={app.syncStatus}
              />
            </td>
            <td>
              <HealthStatus
                level={argoHealthLevel(app.healthStatus)}
                label={app.healthStatus}
              />
            </td>
            <td>
              {app.revision?.slice(0, 7) ?? '—'}
              <RelativeTime
                iso={app.lastSyncedAt}
                now={now}
                prefix=", synced "
              />
            </td>
            <td>
              {destinationLabel(app.destination, app.name, clusterNames)}
              {app.destination.namespace
                ? ` / ${app.destination.namespace}`
                : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
