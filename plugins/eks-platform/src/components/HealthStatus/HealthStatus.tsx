import { makeStyles } from '@material-ui/core/styles';
import CheckCircleOutline from '@material-ui/icons/CheckCircleOutline';
import ErrorOutline from '@material-ui/icons/ErrorOutline';
import HelpOutline from '@material-ui/icons/HelpOutline';
import ReportProblemOutlined from '@material-ui/icons/ReportProblemOutlined';
import { HealthLevel } from '@internal/backstage-plugin-eks-platform-common';

const LABELS: Record<HealthLevel, string> = {
  healthy: 'Healthy',
  warning: 'Warning',
  critical: 'Critical',
  unknown: 'Unknown',
};

export function healthLabel(level: HealthLevel): string {
  return LABELS[level];
}

const useStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
  icon: { fontSize: '1.1em' },
  healthy: { color: theme.palette.success?.main ?? theme.palette.primary.main },
  warning: {
    color: theme.palette.warning?.main ?? theme.palette.secondary.main,
  },
  critical: { color: theme.palette.error.main },
  unknown: { color: theme.palette.text.secondary },
}));

const ICONS = {
  healthy: CheckCircleOutline,
  warning: ReportProblemOutlined,
  critical: ErrorOutline,
  unknown: HelpOutline,
};

/**
 * A health level as icon plus word: colour is never the only signal, and
 * unlike core-components' Status* (which hides itself from screen readers)
 * the word stays readable.
 */
export function HealthStatus({
  level,
  label,
}: {
  level: HealthLevel;
  label?: string;
}) {
  const classes = useStyles();
  const Icon = ICONS[level];
  return (
    <span className={classes.root} data-health={level}>
      <Icon
        aria-hidden="true"
        className={`${classes.icon} ${classes[level]}`}
      />
      <span>{label ?? LABELS[level]}</span>
    </span>
  );
}
