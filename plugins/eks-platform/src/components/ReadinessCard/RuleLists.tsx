import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReadinessGroups, reasonsByText, RuleGroup } from './readiness';

const useStyles = makeStyles(theme => ({
  heading: { marginTop: theme.spacing(2) },
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
  title: { fontWeight: 600 },
  meta: { marginLeft: theme.spacing(1) },
  reasons: { margin: theme.spacing(0.5, 0), paddingLeft: theme.spacing(3) },
  code: {
    fontFamily: 'monospace',
    fontSize: '0.95em',
    padding: theme.spacing(0, 0.5),
    background: theme.palette.action.hover,
    borderRadius: 2,
  },
  passing: { marginTop: theme.spacing(2) },
  summary: { cursor: 'pointer', fontWeight: 600 },
}));

const SEVERITY_LABEL = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

function headingId(kind: string, ruleId: string): string {
  return `readiness-${kind}-${ruleId.replace(/[^a-zA-Z0-9-]/g, '-')}`;
}

function RuleItem({ group, kind }: { group: RuleGroup; kind: string }) {
  const classes = useStyles();
  const id = headingId(kind, group.ruleId);
  return (
    <li className={classes.item} aria-labelledby={id} data-rule={group.ruleId}>
      <Typography variant="body2" component="h5" id={id}>
        <span className={classes.title}>{group.title}</span>{' '}
        <span className={classes.meta}>
          {group.severity && `${SEVERITY_LABEL[group.severity]} · `}
          {kind === 'failing' ? 'fails in ' : 'unknown in '}
          {group.environments.map(e => e.environment).join(', ')}
        </span>
      </Typography>
      <ul className={classes.reasons} aria-label="Reasons">
        {reasonsByText(group.environments).map(({ environments, reason }) => (
          <li key={reason}>
            <Typography variant="body2" component="span">
              {environments.join(', ')}: {reason}
            </Typography>
          </li>
        ))}
      </ul>
      {kind === 'failing' && group.rule && (
        <>
          <Typography variant="body2">
            <strong>Why it matters:</strong> {group.rule.why}
          </Typography>
          <Typography variant="body2">
            <strong>How to fix:</strong> {group.rule.fix}
            {group.rule.chartValue && (
              <>
                {' '}
                Chart value:{' '}
                <code className={classes.code}>{group.rule.chartValue}</code>
              </>
            )}
          </Typography>
        </>
      )}
    </li>
  );
}

function Section({
  heading,
  kind,
  groups,
}: {
  heading: string;
  kind: 'failing' | 'unknown';
  groups: RuleGroup[];
}) {
  const classes = useStyles();
  if (groups.length === 0) return null;
  return (
    <>
      <Typography
        variant="subtitle1"
        component="h4"
        className={classes.heading}
      >
        {heading} ({groups.length})
      </Typography>
      <ul className={classes.list} aria-label={heading}>
        {groups.map(group => (
          <RuleItem key={group.ruleId} group={group} kind={kind} />
        ))}
      </ul>
    </>
  );
}

/**
 * Failing rules first, each with its reasons per environment, why it
 * matters and how to fix it; then the rules that could not be judged and
 * why; the passing ones collapsed.
 */
export function RuleLists({ groups }: { groups: ReadinessGroups }) {
  const classes = useStyles();
  return (
    <>
      <Section heading="Failing rules" kind="failing" groups={groups.failing} />
      <Section
        heading="Rules that could not be judged"
        kind="unknown"
        groups={groups.unknown}
      />
      {groups.passing.length > 0 && (
        <details className={classes.passing}>
          <summary className={classes.summary}>
            Passing rules ({groups.passing.length})
          </summary>
          <ul className={classes.list} aria-label="Passing rules">
            {groups.passing.map(group => (
              <li key={group.ruleId} className={classes.item}>
                <Typography variant="body2" component="span">
                  {group.title}
                </Typography>
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
