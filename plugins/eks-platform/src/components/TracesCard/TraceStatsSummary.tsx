import { makeStyles } from '@material-ui/core/styles';
import { TraceStats } from '@internal/backstage-plugin-eks-platform-common';
import { formatLatency, formatRate, formatRatio } from '../../format/numbers';

const useStyles = makeStyles(theme => ({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(4, minmax(0, 1fr))',
    gap: theme.spacing(1),
    margin: theme.spacing(0, 0, 1),
    '& dt': { fontSize: '0.75rem', color: theme.palette.text.secondary },
    '& dd': { margin: 0, fontSize: '1.1rem', fontWeight: 600 },
  },
}));

/** Request rate, error ratio and tail latency over the aggregation window. */
export function TraceStatsSummary({
  stats,
  window,
}: {
  stats: TraceStats;
  window: string;
}) {
  const classes = useStyles();
  return (
    <dl className={classes.grid} aria-label={`Traffic over the last ${window}`}>
      <div>
        <dt>Requests</dt>
        <dd>{formatRate(stats.requestRate)}</dd>
      </div>
      <div>
        <dt>Errors</dt>
        <dd>{formatRatio(stats.errorRatio)}</dd>
      </div>
      <div>
        <dt>p95</dt>
        <dd>{formatLatency(stats.latencyMs.p95)}</dd>
      </div>
      <div>
        <dt>p99</dt>
        <dd>{formatLatency(stats.latencyMs.p99)}</dd>
      </div>
    </dl>
  );
}
