import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import { useNow } from '../../hooks/useNow';
import { formatDuration } from '../../format/time';

export interface UpdatedAgoProps {
  /** Epoch ms of the last successful load. */
  updatedAt?: number;
  loading?: boolean;
  onRefresh?: () => void;
}

/**
 * "Updated 12 s ago" with a refresh button, ticking every second. Primary
 * text colour: secondary grey fails contrast on the grey page background.
 */
export function UpdatedAgo({ updatedAt, loading, onRefresh }: UpdatedAgoProps) {
  const now = useNow();
  let text = 'Not loaded yet';
  if (loading && updatedAt === undefined) text = 'Loading…';
  else if (updatedAt !== undefined)
    text = `Updated ${formatDuration(now - updatedAt)} ago`;
  return (
    <>
      <Typography variant="caption" data-testid="updated-ago">
        {text}
      </Typography>
      {onRefresh && (
        <IconButton
          size="small"
          aria-label="Refresh now"
          onClick={onRefresh}
          disabled={loading}
        >
          <RefreshIcon fontSize="small" />
        </IconButton>
      )}
    </>
  );
}
