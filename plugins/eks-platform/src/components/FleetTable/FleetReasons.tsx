import { useState } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import { Link } from '@backstage/core-components';

const useStyles = makeStyles(theme => ({
  reasons: { margin: 0, paddingLeft: theme.spacing(2), fontSize: '0.85rem' },
  more: {
    font: 'inherit',
    color: theme.palette.primary.main,
    textDecoration: 'underline',
    background: 'none',
    border: 0,
    padding: 0,
    cursor: 'pointer',
  },
}));

/** Reasons shown before "and N more". */
export const MAX_REASONS = 2;

/**
 * A row's health reasons, each a link to the service's Platform tab (where
 * the details are); "and N more" expands in place.
 */
export function FleetReasons({
  reasons,
  platformTab,
  serviceName,
}: {
  reasons: string[];
  platformTab: string;
  serviceName: string;
}) {
  const classes = useStyles();
  const [expanded, setExpanded] = useState(false);
  if (reasons.length === 0) return null;
  const shown = expanded ? reasons : reasons.slice(0, MAX_REASONS);
  const hidden = reasons.length - shown.length;
  return (
    <ul className={classes.reasons}>
      {shown.map(reason => (
        <li key={reason}>
          <Link to={platformTab}>{reason}</Link>
        </li>
      ))}
      {hidden > 0 && (
        <li>
          <button
            type="button"
            className={classes.more}
            aria-expanded={false}
            // The name starts with the visible text (WCAG 2.5.3, label in name).
            aria-label={`and ${hidden} more reasons for ${serviceName}`}
            onClick={() => setExpanded(true)}
          >
            and {hidden} more
          </button>
        </li>
      )}
    </ul>
  );
}
