import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'flex-end',
    gap: theme.spacing(2),
    marginTop: theme.spacing(1),
  },
  pageSize: { minWidth: 110 },
  // MUI's shrunk labels use text.secondary, below 4.5:1 contrast on the
  // page background (axe color-contrast); labels must stay readable.
  label: { color: theme.palette.text.primary },
}));

export const PAGE_SIZES = [25, 50, 100];

export interface FleetPaginationProps {
  total: number;
  page: number;
  pageSize: number;
  onPageChange: (page: number) => void;
  onPageSizeChange: (size: number) => void;
}

/** Page controls: only one page of rows is ever in the DOM, so 1,000 services stay fast. */
export function FleetPagination({
  total,
  page,
  pageSize,
  onPageChange,
  onPageSizeChange,
}: FleetPaginationProps) {
  const classes = useStyles();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : page * pageSize + 1;
  const last = Math.min(total, (page + 1) * pageSize);
  return (
    <nav className={classes.root} aria-label="Pagination">
      <TextField
        id="fleet-page-size"
        select
        label="Rows per page"
        value={pageSize}
        onChange={e => onPageSizeChange(Number(e.target.value))}
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true, className: classes.label }}
        className={classes.pageSize}
      >
        {PAGE_SIZES.map(size => (
          <option key={size} value={size}>
            {size}
          </option>
        ))}
      </TextField>
      <Typography variant="body2" aria-live="polite" data-testid="fleet-range">
        {first}–{last} of {total.toLocaleString('en-US')}
      </Typography>
      <Button onClick={() => onPageChange(page - 1)} disabled={page === 0}>
        Previous page
      </Button>
      <Button
        onClick={() => onPageChange(page + 1)}
        disabled={page >= pages - 1}
      >
        Next page
      </Button>
    </nav>
  );
}
