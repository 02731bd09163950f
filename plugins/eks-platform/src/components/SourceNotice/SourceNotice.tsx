import { ReactNode } from 'react';
import Alert from '@material-ui/lab/Alert';
import { SourceError } from '@internal/backstage-plugin-eks-platform-common';
import { formatAgo, formatClock } from '../../format/time';
import { useNow } from '../../hooks/useNow';

export interface SourceNoticeProps {
  /** `error`: nothing to show; `stale`: older data follows. */
  kind: 'error' | 'stale';
  error?: SourceError;
  /** When the data shown was read (stale only). */
  fetchedAt?: string;
  /** Shown when the source gave no error detail, e.g. "Kubernetes". */
  fallbackUpstream: string;
  children?: ReactNode;
}

/**
 * Names the upstream that failed and since when, so the reader knows which
 * part of the card to distrust and whom to call.
 */
export function SourceNotice({
  kind,
  error,
  fetchedAt,
  fallbackUpstream,
  children,
}: SourceNoticeProps) {
  const now = useNow(5000);
  const upstream = error?.upstream ?? fallbackUpstream;
  const since = error?.since
    ? ` since ${formatClock(error.since)} (${formatAgo(error.since, now)})`
    : '';
  const detail = error?.message ? `: ${error.message}` : '';
  return (
    <Alert
      severity={kind === 'error' ? 'error' : 'warning'}
      role={kind === 'error' ? 'alert' : 'status'}
      data-testid={`source-${kind}`}
    >
      {kind === 'error'
        ? `${upstream} is failing${since}${detail}.`
        : `Showing data from ${formatClock(fetchedAt)} (${formatAgo(
            fetchedAt,
            now,
          )}): ${upstream} is failing${since}${detail}.`}
      {children}
    </Alert>
  );
}
