import Alert from '@material-ui/lab/Alert';
import { FleetData } from '../../fleet/useFleet';
import { formatClock, formatDuration } from '../../format/time';
import { useNow } from '../../hooks/useNow';

/**
 * The backend's per-user rate limit was hit: say so plainly, when the page
 * asks again (it does by itself), and how old the health shown is.
 */
export function RateLimitNotice({
  rateLimited,
}: {
  rateLimited: NonNullable<FleetData['rateLimited']>;
}) {
  const now = useNow(1000);
  const wait = Math.max(0, rateLimited.retryAt - now);
  const shown = rateLimited.rowsFrom
    ? `The health shown is from ${formatClock(
        new Date(rateLimited.rowsFrom).toISOString(),
      )}.`
    : 'Health is unknown until then.';
  return (
    <Alert severity="warning" role="status" data-testid="fleet-rate-limited">
      The EKS platform backend is limiting your status requests:{' '}
      {rateLimited.error.message} Trying again{' '}
      {wait > 0 ? `in ${formatDuration(wait)}` : 'now'}. {shown}
    </Alert>
  );
}
