import { makeStyles } from '@material-ui/core/styles';
import CheckCircleOutline from '@material-ui/icons/CheckCircleOutline';
import ErrorOutline from '@material-ui/icons/ErrorOutline';
import HelpOutline from '@material-ui/icons/HelpOutline';
import HourglassEmpty from '@material-ui/icons/HourglassEmpty';
import ReportProblemOutlined from '@material-ui/icons/ReportProblemOutlined';
import { HealthLevel } from '@internal/backstage-plugin-eks-platform-common';
import { healthColor } from './healthColors';

const LABELS: Record<HealthLevel, string> = {
  healthy: 'Healthy',
  pending: 'Pending',
  warning: 'Warning',
  critical: 'Critical',
  unknown: 'Unknown',
};

export function healthLabel(level: HealthLevel): string {
  return LABELS[level];
}

const useStyles = makeStyles(theme => {
  const type = theme.palette.type === 'dark' ? 'dark' : 'light';
  const color = (level: HealthLevel) => ({ color: healthColor(level, type) });
  return {
    root: {
      display: 'inline-flex',
      alignItems: 'center',
      gap: theme.spacing(0.5),
    },
    icon: { fontSize: '1.1em' },
    healthy: color('healthy'),
    pending: color('pending'),
    warning: color('warning'),
    critical: color('critical'),
    unknown: color('unknown'),
  };
});

const ICONS = {
  healthy: CheckCircleOutline,
  pending: HourglassEmpty,
  warning: ReportProblemOutlined,
  critical: ErrorOutline,
  unknown: HelpOutline,
};

/**
 * A health level as icon plus word: colour is never the only signal, and
 * unlike core-components' Status* (which hides itself from screen readers)
 * the word stays readable. With a label that does not say the level
 * ("Blocks node drains") the icon is the only carrier of the level, so it
 * is named; when the words say it, the icon is decorative and hidden, not
 * read twice.
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
  const named =
    label !== undefined &&
    !label.toLowerCase().includes(LABELS[level].toLowerCase());
  return (
    <span className={classes.root} data-health={level}>
      <Icon
        {...(named
          ? { role: 'img', 'aria-label': LABELS[level], 'aria-hidden': false }
          : { 'aria-hidden': 'true' })}
        className={`${classes.icon} ${classes[level]}`}
      />
      <span>{label ?? LABELS[level]}</span>
    </span>
  );
}
