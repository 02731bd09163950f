import TextField from '@material-ui/core/TextField';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import {
  FilterOptions,
  FleetFilters as Filters,
  HEALTH_ORDER,
  NO_FILTERS,
  SCORE_THRESHOLDS,
  TEMPLATE_FILTERS,
  TemplateFilter,
  UPGRADE_PR_FILTERS,
  UpgradePullRequestFilter,
} from '../../fleet/fleetQuery';
import { healthLabel } from '../HealthStatus';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    alignItems: 'flex-end',
    marginBottom: theme.spacing(2),
  },
  field: { minWidth: 160 },
  // MUI's shrunk labels use text.secondary, below 4.5:1 contrast on the
  // page background (axe color-contrast); labels must stay readable.
  label: { color: theme.palette.text.primary },
}));

export interface FleetFiltersProps {
  value: Filters;
  options: FilterOptions;
  onChange: (value: Filters) => void;
}

function SelectFilter(props: {
  id: keyof Filters;
  label: string;
  value: string;
  choices: Array<{ value: string; label: string }>;
  onChange: (value: string) => void;
}) {
  const classes = useStyles();
  return (
    <TextField
      id={`fleet-filter-${props.id}`}
      className={classes.field}
      select
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true, className: classes.label }}
    >
      <option value="">All</option>
      {props.choices.map(choice => (
        <option key={choice.value} value={choice.value}>
          {choice.label}
        </option>
      ))}
    </TextField>
  );
}

const asChoices = (values: string[]) =>
  values.map(value => ({ value, label: value }));

const SCORE_CHOICES = SCORE_THRESHOLDS.map(threshold => ({
  value: threshold,
  label: `Below ${threshold}`,
}));

const TEMPLATE_LABELS: Record<TemplateFilter, string> = {
  behind: 'Behind',
  current: 'Up to date',
};

const TEMPLATE_CHOICES = TEMPLATE_FILTERS.map(value => ({
  value,
  label: TEMPLATE_LABELS[value],
}));

const UPGRADE_PR_LABELS: Record<UpgradePullRequestFilter, string> = {
  open: 'Open',
  none: 'None yet',
};

const UPGRADE_PR_CHOICES = UPGRADE_PR_FILTERS.map(value => ({
  value,
  label: UPGRADE_PR_LABELS[value],
}));

const HEALTH_CHOICES = HEALTH_ORDER.map(level => ({
  value: level,
  label: healthLabel(level),
}));

/** Search and filters by owner, system, cluster, health, score, failing rule, template version and upgrade pull request; native selects for keyboard and screen readers. */
export function FleetFilters({ value, options, onChange }: FleetFiltersProps) {
  const classes = useStyles();
  const set = (key: keyof Filters) => (v: string) =>
    onChange({ ...value, [key]: v });
  return (
    <div className={classes.root} role="search" aria-label="Filter services">
      <TextField
        id="fleet-filter-search"
        className={classes.field}
        label="Search services"
        value={value.search}
        onChange={e => set('search')(e.target.value)}
        InputLabelProps={{ shrink: true, className: classes.label }}
      />
      <SelectFilter
        id="owner"
        label="Owner"
        value={value.owner}
        choices={asChoices(options.owners)}
        onChange={set('owner')}
      />
      <SelectFilter
        id="system"
        label="System"
        value={value.system}
        choices={asChoices(options.systems)}
        onChange={set('system')}
      />
      <SelectFilter
        id="cluster"
        label="Cluster"
        value={value.cluster}
        choices={asChoices(options.clusters)}
        onChange={set('cluster')}
      />
      <SelectFilter
        id="health"
        label="Health"
        value={value.health}
        choices={HEALTH_CHOICES}
        onChange={set('health')}
      />
      <SelectFilter
        id="scoreBelow"
        label="Score"
        value={value.scoreBelow}
        choices={SCORE_CHOICES}
        onChange={set('scoreBelow')}
      />
      <SelectFilter
        id="failingRule"
        label="Failing rule"
        value={value.failingRule}
        choices={asChoices(options.failingRules)}
        onChange={set('failingRule')}
      />
      <SelectFilter
        id="template"
        label="Template version"
        value={value.template}
        choices={TEMPLATE_CHOICES}
        onChange={set('template')}
      />
      <SelectFilter
        id="upgradePr"
        label="Upgrade pull request"
        value={value.upgradePr}
        choices={UPGRADE_PR_CHOICES}
        onChange={set('upgradePr')}
      />
      <Button
        variant="text"
        onClick={() => onChange(NO_FILTERS)}
        disabled={value === NO_FILTERS}
      >
        Clear filters
      </Button>
    </div>
  );
}
