import { makeStyles } from '@material-ui/core/styles';
import { Link } from '@backstage/core-components';
import { HealthStatus } from '../HealthStatus';
import { usePlainTableStyles } from '../PlainTable';
import { Sparkline } from '../Sparkline';
import { scoreLevel } from '../ReadinessCard/readiness';
import { RollupRow } from './rollupRows';

const useStyles = makeStyles(theme => ({
  rules: { margin: 0, paddingLeft: theme.spacing(2) },
}));

const formatPoints = (value: number) => `${Math.round(value)}`;

export interface RollupTableProps {
  /** "Owner" or "System". */
  groupLabel: string;
  rows: RollupRow[];
  /** The fleet page's path, when the app mounts it. */
  fleetPath?: string;
}

/** One row per owner or system: score, services, what fails most, trend. */
export function RollupTable({ groupLabel, rows, fleetPath }: RollupTableProps) {
  const classes = useStyles();
  const tableClasses = usePlainTableStyles();
  return (
    <table
      className={tableClasses.table}
      aria-label={`Readiness by ${groupLabel.toLowerCase()}`}
    >
      <thead>
        <tr>
          <th scope="col">{groupLabel}</th>
          <th scope="col">Score</th>
          <th scope="col">Services</th>
          <th scope="col">Top failing rules</th>
          <th scope="col">Trend (30 days)</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(row => (
          <tr key={row.ref} data-ref={row.ref}>
            <th scope="row">
              {fleetPath ? (
                <Link
                  to={`${fleetPath}?${row.fleetSearch}`}
                  aria-label={`${row.label}: show its services in the fleet`}
                >
                  {row.label}
                </Link>
              ) : (
                row.label
              )}
            </th>
            <td>
              {row.score === undefined ? (
                'No score'
              ) : (
                <HealthStatus
                  level={scoreLevel(row.score)}
                  label={`${Math.round(row.score)}`}
                />
              )}
            </td>
            <td>{row.services}</td>
            <td>
              {row.topFailingRules.length === 0 ? (
                'None'
              ) : (
                <ul className={classes.rules}>
                  {row.topFailingRules.map(rule => (
                    <li key={rule.ruleId}>
                      {rule.title} ({rule.services}{' '}
                      {rule.services === 1 ? 'service' : 'services'})
                    </li>
                  ))}
                </ul>
              )}
            </td>
            <td>
              {row.trend.length < 2 ? (
                'Not enough history yet'
              ) : (
                <Sparkline
                  values={row.trend}
                  label={`${row.label} score over the last 30 days`}
                  format={formatPoints}
                  width={120}
                  height={24}
                />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
