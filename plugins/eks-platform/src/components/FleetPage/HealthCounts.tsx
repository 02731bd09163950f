import { makeStyles } from '@material-ui/core/styles';
import { HealthLevel } from '@internal/backstage-plugin-eks-platform-common';
import { FleetRow } from '../../fleet/fleetRows';
import { HealthStatus, healthLabel } from '../HealthStatus';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    gap: theme.spacing(3),
    margin: theme.spacing(0, 0, 2),
    padding: 0,
    listStyle: 'none',
  },
}));

const ORDER: HealthLevel[] = ['critical', 'warning', 'unknown', 'healthy'];

export function countByHealth(rows: FleetRow[]): Record<HealthLevel, number> {
  const counts: Record<HealthLevel, number> = {
    critical: 0,
    warning: 0,
    unknown: 0,
    healthy: 0,
  };
  rows.forEach(row => counts[row.health]++);
  return counts;
}

/** "3 Critical · 12 Warning · …" over the whole fleet, before filters. */
export function HealthCounts({ rows }: { rows: FleetRow[] }) {
  const classes = useStyles();
  const counts = countByHealth(rows);
  return (
    <ul className={classes.root} aria-label="Fleet health summary">
      {ORDER.map(level => (
        <li key={level}>
          <HealthStatus
            level={level}
            label={`${counts[level]} ${healthLabel(level)}`}
          />
        </li>
      ))}
    </ul>
  );
}
