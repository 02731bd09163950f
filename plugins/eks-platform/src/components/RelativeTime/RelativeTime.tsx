import { formatAgo, formatExact } from '../../format/time';

/**
 * "25 min ago", with the exact time on hover (`title`) and for machines
 * (`dateTime`): humanised for reading, exact when it matters.
 */
export function RelativeTime({
  iso,
  now,
  prefix = '',
}: {
  iso: string | undefined;
  now: number;
  prefix?: string;
}) {
  if (!iso) return null;
  return (
    <time dateTime={iso} title={formatExact(iso)}>
      {prefix}
      {formatAgo(iso, now)}
    </time>
  );
}
