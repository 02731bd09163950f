import { makeStyles } from '@material-ui/core/styles';

/**
 * The plugin's plain HTML tables (fleet, team view, image scans): full
 * width, cells aligned top-left, a divider under each row. Native tables
 * keep row and column headers for screen readers at no cost.
 */
export const usePlainTableStyles = makeStyles(theme => ({
  table: {
    width: '100%',
    borderCollapse: 'collapse',
    '& th, & td': {
      textAlign: 'left',
      verticalAlign: 'top',
      padding: theme.spacing(1),
      borderBottom: `1px solid ${theme.palette.divider}`,
    },
  },
}));
