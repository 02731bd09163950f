import { makeStyles } from '@material-ui/core/styles';
import { HealthLevel } from '@internal/backstage-plugin-eks-platform-common';
import { HEALTH_ORDER } from '../../fleet/fleetQuery';
import { FleetRow } from '../../fleet/fleetRows';
import { HealthStatus, healthLabel } from '../HealthStatus';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    margin: theme.spacing(0, 0, 2),
    padding: 0,
    listStyle: 'none',
  },
  chip: {
    font: 'inherit',
    color: theme.palette.text.primary,
    background: 'none',
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: 16,
    padding: theme.spacing(0.5, 1.5),
    cursor: 'pointer',
    '&[aria-pressed="true"]': {
      borderColor: theme.palette.text.primary,
      fontWeight: 600,
    },
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: 2,
    },
  },
}));

export function countByHealth(rows: FleetRow[]): Record<HealthLevel, number> {
  const counts = Object.fromEntries(
    HEALTH_ORDER.map(level => [level, 0]),
  ) as Record<HealthLevel, number>;
  rows.forEach(row => counts[row.health]++);
  return counts;
}

/**
 * "3 Critical · 12 Warning · …" over the whole fleet, before filters. Each
 * count is a toggle button that filters the table to that level.
 */
export function HealthCounts({
  rows,
  selected,
  onSelect,
}: {
  rows: FleetRow[];
  selected: '' | HealthLevel;
  onSelect: (level: '' | HealthLevel) => void;
}) {
  const classes = useStyles();
  const counts = countByHealth(rows);
  return (
    <ul className={classes.root} aria-label="Fleet health summary">
      {HEALTH_ORDER.map(level => (
        <li key={level}>
          <button
            type="button"
            className={classes.chip}
            aria-pressed={selected === level}
            title={
              selected === level
                ? 'Show every service again'
                : `Show only ${healthLabel(level).toLowerCase()} services`
            }
            onClick={() => onSelect(selected === level ? '' : level)}
          >
            <HealthStatus
              level={level}
              label={`${counts[level]} ${healthLabel(level)}`}
            />
          </button>
        </li>
      ))}
    </ul>
  );
}
