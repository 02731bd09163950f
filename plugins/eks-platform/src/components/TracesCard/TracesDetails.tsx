import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { RelativeTime } from '../RelativeTime';
import { TracesStatus } from '@internal/backstage-plugin-eks-platform-common';
import { formatLatency, formatRate, formatRatio } from '../../format/numbers';
import { formatAgo } from '../../format/time';
import { useNow } from '../../hooks/useNow';
import { HttpLink } from '../HttpLink';
import { Sparkline } from '../Sparkline';
import { TraceStatsSummary } from './TraceStatsSummary';

const useStyles = makeStyles(theme => ({
  charts: {
    display: 'flex',
    gap: theme.spacing(3),
    flexWrap: 'wrap',
    marginBottom: theme.spacing(1),
  },
  table: {
    width: '100%',
    borderCollapse: 'collapse',
    fontSize: '0.85rem',
    '& th, & td': {
      textAlign: 'left',
      padding: theme.spacing(0.25, 1, 0.25, 0),
    },
    '& th': { color: theme.palette.text.secondary, fontWeight: 500 },
  },
  list: { margin: 0, paddingLeft: theme.spacing(2) },
}));

const TOP_OPERATIONS = 5;

/** Traffic numbers, last-hour trend, top operations and recent error traces. */
export function TracesDetails({ data }: { data: TracesStatus }) {
  const classes = useStyles();
  const now = useNow(10_000);
  const operations = [...data.operations]
    .sort((a, b) => b.requestRate - a.requestRate)
    .slice(0, TOP_OPERATIONS);
  return (
    <>
      <TraceStatsSummary stats={data.current} window={data.window} />
      <div className={classes.charts}>
        <div>
          <Typography variant="caption" color="textSecondary" component="div">
            Requests, last hour
          </Typography>
          <Sparkline
            values={data.series.map(p => p.requestRate)}
            label="Request rate over the last hour"
            format={formatRate}
          />
        </div>
        <div>
          <Typography variant="caption" color="textSecondary" component="div">
            Errors, last hour
          </Typography>
          <Sparkline
            values={data.series.map(p => p.errorRatio)}
            label="Error ratio over the last hour"
            format={formatRatio}
          />
        </div>
      </div>
      {operations.length > 0 && (
        <table className={classes.table} aria-label="Top operations">
          <thead>
            <tr>
              <th scope="col">Operation</th>
              <th scope="col">Rate</th>
              <th scope="col">Errors</th>
              <th scope="col">p95</th>
            </tr>
          </thead>
          <tbody>
            {operations.map(op => (
              <tr key={op.name}>
                <th scope="row">{op.name}</th>
                <td>{formatRate(op.requestRate)}</td>
                <td>{formatRatio(op.errorRatio)}</td>
                <td>{formatLatency(op.latencyMs.p95)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.errorTraces.length > 0 && (
        <>
          <Typography variant="subtitle2" component="h4">
            Recent error traces
          </Typography>
          <ul className={classes.list}>
            {data.errorTraces.map(trace => (
              <li key={trace.traceId}>
                <HttpLink
                  href={trace.url}
                  aria-label={`Error trace ${trace.operation} ${formatAgo(
                    trace.startTime,
                    now,
                  )} in Jaeger`}
                >
                  {trace.operation}
                </HttpLink>{' '}
                {formatLatency(trace.durationMs)},{' '}
                <RelativeTime iso={trace.startTime} now={now} />
              </li>
            ))}
          </ul>
        </>
      )}
      {data.jaegerUrl && (
        <Typography variant="body2">
          <HttpLink href={data.jaegerUrl} hideWhenUnsafe>
            Open {data.service} in Jaeger
          </HttpLink>
        </Typography>
      )}
    </>
  );
}
