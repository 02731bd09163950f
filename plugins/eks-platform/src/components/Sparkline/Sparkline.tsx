import { useTheme } from '@material-ui/core/styles';

export interface SparklineProps {
  values: number[];
  /** Accessible description, e.g. "Request rate over the last hour". */
  label: string;
  /** Formats values for the accessible summary. */
  format: (value: number) => string;
  width?: number;
  height?: number;
}

/** Builds the polyline points scaled into the box, flat in the middle when every value is equal. */
export function sparklinePoints(
  values: number[],
  width: number,
  height: number,
): string {
  if (values.length === 0) return '';
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min;
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values
    .map((v, i) => {
      const y =
        span === 0
          ? height / 2
          : height - ((v - min) / span) * (height - 2) - 1;
      return `${(i * step).toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

/**
 * A dependency-free SVG sparkline: enough to see a trend over an hour
 * without pulling a chart library into the bundle.
 */
export function Sparkline({
  values,
  label,
  format,
  width = 160,
  height = 32,
}: SparklineProps) {
  const theme = useTheme();
  if (values.length < 2) return null;
  const summary = `${label}: from ${format(values[0])} to ${format(
    values[values.length - 1],
  )}, peak ${format(Math.max(...values))}`;
  return (
    <svg
      role="img"
      aria-label={summary}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
    >
      <title>{summary}</title>
      <polyline
        fill="none"
        stroke={theme.palette.primary.main}
        strokeWidth={1.5}
        points={sparklinePoints(values, width, height)}
      />
    </svg>
  );
}
