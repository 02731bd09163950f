import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { spreadSentence } from '../../format/wording';
import { inEnvironmentOrder } from '../../format/environments';
import { ClusterWorkloads } from '@internal/backstage-plugin-eks-platform-common';
import { HealthStatus } from '../HealthStatus';

const useStyles = makeStyles(theme => ({
  table: {
    borderCollapse: 'collapse',
    width: '100%',
    '& th, & td': {
      textAlign: 'left',
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.palette.divider}`,
    },
    '& th': { fontWeight: 600 },
  },
  problems: { margin: theme.spacing(0.5, 0, 0), paddingLeft: theme.spacing(2) },
}));

/** Every zone seen in any cluster, sorted, so columns line up across clusters. */
export function zonesOf(clusters: ClusterWorkloads[]): string[] {
  return [
    ...new Set(clusters.flatMap(c => Object.keys(c.placement.podsPerZone))),
  ].sort();
}

/**
 * Pods per cluster and zone, and whether the spread holds (no two pods on
 * one node, every zone used). A cluster that failed shows as failing.
 */
export function ZonePlacement({ clusters }: { clusters: ClusterWorkloads[] }) {
  const classes = useStyles();
  const zones = zonesOf(clusters);
  return (
    <>
      <table className={classes.table} aria-label="Pods per cluster and zone">
        <thead>
          <tr>
            <th scope="col">Cluster</th>
            {zones.map(zone => (
              <th scope="col" key={zone}>
                {zone}
              </th>
            ))}
            <th scope="col">Nodes</th>
            <th scope="col">Spread</th>
          </tr>
        </thead>
        <tbody>
          {inEnvironmentOrder(clusters, c => c.cluster).map(cluster => (
            <tr key={cluster.cluster} data-cluster={cluster.cluster}>
              <th scope="row">{cluster.cluster}</th>
              {cluster.state === 'error' ? (
                <td colSpan={zones.length + 2}>
                  <HealthStatus
                    level="critical"
                    label={`Failing: ${
                      cluster.error?.upstream ?? `kubernetes/${cluster.cluster}`
                    } ${cluster.error?.message ?? 'unreachable'}`}
                  />
                </td>
              ) : (
                <>
                  {zones.map(zone => (
                    <td key={zone}>
                      {cluster.placement.podsPerZone[zone] ?? 0}
                    </td>
                  ))}
                  <td>
                    {Object.entries(cluster.placement.podsPerNode)
                      .map(([node, count]) => `${node} (${count})`)
                      .join(', ') || 'none'}
                  </td>
                  <td>
                    <HealthStatus
                      level={
                        cluster.placement.spreadHolds ? 'healthy' : 'warning'
                      }
                      label={spreadSentence(cluster.placement)}
                    />
                    {cluster.state === 'stale' && (
                      <Typography variant="caption" display="block">
                        (stale)
                      </Typography>
                    )}
                    {cluster.placement.problems.length > 0 && (
                      <ul className={classes.problems}>
                        {cluster.placement.problems.map(problem => (
                          <li key={problem}>{problem}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
