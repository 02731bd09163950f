import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { Link } from '@backstage/core-components';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import { FleetRow, FleetTemplate } from '../../fleet/fleetRows';
import { FleetSort, SortKey } from '../../fleet/fleetQuery';
import { HealthStatus } from '../HealthStatus';
import { usePlainTableStyles } from '../PlainTable';
import { RegistrationLinks } from '../PendingDeployment';
import { scoreLevel } from '../ReadinessCard/readiness';
import { FleetReasons } from './FleetReasons';
import { UpgradePullRequestState } from './UpgradePullRequestState';

const useStyles = makeStyles(theme => ({
  sortButton: {
    font: 'inherit',
    fontWeight: 600,
    color: 'inherit',
    background: 'none',
    border: 0,
    padding: 0,
    cursor: 'pointer',
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: 2,
    },
  },
  failing: { color: theme.palette.error.main, fontWeight: 600 },
  behind: { marginLeft: theme.spacing(1) },
}));

const COLUMNS: Array<{
  key: SortKey | 'clusters' | 'template';
  label: string;
  sortable: boolean;
}> = [
  { key: 'name', label: 'Service', sortable: true },
  { key: 'owner', label: 'Owner', sortable: true },
  { key: 'system', label: 'System', sortable: true },
  { key: 'clusters', label: 'Clusters', sortable: false },
  { key: 'health', label: 'Health', sortable: true },
  { key: 'score', label: 'Score', sortable: true },
  { key: 'alerts', label: 'Firing alerts', sortable: true },
  { key: 'template', label: 'Template', sortable: false },
];

/**
 * "1.0.0", with a "behind → 1.1.0" chip when the template has moved on,
 * then the upgrade pull request's state when it is known.
 */
function TemplateVersion({
  template,
  serviceName,
}: {
  template?: FleetTemplate;
  serviceName: string;
}) {
  const classes = useStyles();
  if (!template) return <>—</>;
  return (
    <>
      {template.version}
      {template.behindTo && (
        <Chip
          size="small"
          className={classes.behind}
          label={`behind → ${template.behindTo}`}
          title={`${template.ref} has version ${template.behindTo}; the service's page offers the upgrade`}
        />
      )}
      {template.behindTo && (
        <UpgradePullRequestState
          pullRequest={template.pullRequest}
          serviceName={serviceName}
        />
      )}
    </>
  );
}

function sortArrow(sort: FleetSort, key: string): string {
  if (sort.key !== key) return '';
  return sort.direction === 'ascending' ? ' ▲' : ' ▼';
}

export interface FleetTableProps {
  rows: FleetRow[];
  sort: FleetSort;
  onSortChange: (sort: FleetSort) => void;
}

/** One page of the fleet; header buttons sort, rows link to the entity. */
export function FleetTable({ rows, sort, onSortChange }: FleetTableProps) {
  const classes = useStyles();
  const tableClasses = usePlainTableStyles();
  const entityLink = useEntityRefLink();
  const toggle = (key: SortKey) =>
    onSortChange({
      key,
      direction:
        sort.key === key && sort.direction === 'ascending'
          ? 'descending'
          : 'ascending',
    });
  return (
    <table
      className={tableClasses.table}
      aria-label="Services"
      aria-rowcount={rows.length + 1}
    >
      <thead>
        <tr>
          {COLUMNS.map(column => (
            <th
              key={column.key}
              scope="col"
              aria-sort={
                column.sortable && sort.key === column.key
                  ? sort.direction
                  : undefined
              }
            >
              {column.sortable ? (
                <button
                  type="button"
                  className={classes.sortButton}
                  onClick={() => toggle(column.key as SortKey)}
                >
                  {column.label}
                  {sortArrow(sort, column.key)}
                </button>
              ) : (
                column.label
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={COLUMNS.length}>No service matches these filters.</td>
          </tr>
        )}
        {rows.map(row => (
          <tr key={row.entityRef}>
            <th scope="row">
              <Link to={entityLink(row.entityRef)}>
                {row.title ?? row.name}
              </Link>
            </th>
            <td>{row.ownerName || row.owner || '—'}</td>
            <td>{row.system || '—'}</td>
            <td>
              {row.clusters.length === 0
                ? '—'
                : row.clusters.map((cluster, i) => (
                    <span
                      key={cluster.name}
                      className={
                        cluster.state === 'error' ? classes.failing : undefined
                      }
                    >
                      {i > 0 && ', '}
                      {cluster.name}
                      {cluster.state === 'error' && ' (failing)'}
                      {cluster.state === 'stale' && ' (stale)'}
                    </span>
                  ))}
            </td>
            <td>
              <HealthStatus level={row.health} />
              <FleetReasons
                reasons={row.reasons}
                platformTab={`${entityLink(row.entityRef)}/platform`}
                serviceName={row.title ?? row.name}
              />
              {row.registration && (
                <RegistrationLinks
                  health={{
                    level: row.health,
                    reasons: [],
                    registration: row.registration,
                  }}
                />
              )}
            </td>
            <td data-column="score" data-score={row.score}>
              {row.score === undefined ? (
                '—'
              ) : (
                <HealthStatus
                  level={scoreLevel(row.score)}
                  label={`${Math.round(row.score)}`}
                />
              )}
              {(row.failingRules?.length ?? 0) > 0 && (
                <div>
                  {row.failingRules!.length} failing{' '}
                  {row.failingRules!.length === 1 ? 'rule' : 'rules'}
                </div>
              )}
            </td>
            <td>{row.firingAlerts}</td>
            <td data-column="template">
              <TemplateVersion
                template={row.template}
                serviceName={row.title ?? row.name}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
