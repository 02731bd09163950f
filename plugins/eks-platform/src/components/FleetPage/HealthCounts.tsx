import { makeStyles } from '@material-ui/core/styles';
import { HealthLevel } from '@internal/backstage-plugin-eks-platform-common';
import { HEALTH_ORDER } from '../../fleet/fleetQuery';
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

export function countByHealth(rows: FleetRow[]): Record<HealthLevel, number> {
  const counts = Object.fromEntries(
    HEALTH_ORDER.map(level => [level, 0]),
  ) as Record<HealthLevel, number>;
  rows.forEach(row => counts[row.health]++);
  return counts;
}

/** "3 Critical · 12 Warning · …" over the whole fleet, before filters. */
export function HealthCounts({ rows }: { rows: FleetRow[] }) {
  const classes = useStyles();
  const counts = countByHealth(rows);
  return (
    <ul className={classes.root} aria-label="Fleet health summary">
      {HEALTH_ORDER.map(level => (
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
