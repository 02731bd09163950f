import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ClusterWorkloads } from '@internal/backstage-plugin-eks-platform-common';
import { inEnvironmentOrder } from '../../format/environments';
import { readyOf, rolloutWords } from '../../format/wording';
import { HealthStatus } from '../HealthStatus';

const useStyles = makeStyles(theme => ({
  table: {
    borderCollapse: 'collapse',
    width: '100%',
    '& th, & td': {
      textAlign: 'left',
      verticalAlign: 'top',
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.palette.divider}`,
    },
  },
  image: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    wordBreak: 'break-all',
  },
}));

/** Deployments per cluster: revision, ready vs desired, rollout state, images. */
export function RolloutState({ clusters }: { clusters: ClusterWorkloads[] }) {
  const classes = useStyles();
  const rows = inEnvironmentOrder(clusters, c => c.cluster).flatMap(c =>
    c.deployments.map(d => ({ cluster: c.cluster, d })),
  );
  if (rows.length === 0) {
    return (
      <Typography variant="body2">
        No Deployment carries this service&apos;s backstage.io/kubernetes-id
        label in any reachable cluster.
      </Typography>
    );
  }
  return (
    <table className={classes.table} aria-label="Rollouts">
      <thead>
        <tr>
          <th scope="col">Cluster</th>
          <th scope="col">Deployment</th>
          <th scope="col">Ready</th>
          <th scope="col">Rollout</th>
          <th scope="col">Image</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ cluster, d }) => (
          <tr key={`${cluster}/${d.namespace}/${d.name}`}>
            <td>{cluster}</td>
            <td>
              {d.namespace}/{d.name}
              {d.revision ? ` (rev ${d.revision})` : ''}
            </td>
            <td>
              {readyOf(d.replicas.ready, d.replicas.desired)}
              {d.replicas.updated !== d.replicas.desired
                ? `, ${d.replicas.updated} updated`
                : ''}
            </td>
            <td>
              <HealthStatus {...rolloutWords(d)} />
            </td>
            <td className={classes.image}>{d.images.join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
