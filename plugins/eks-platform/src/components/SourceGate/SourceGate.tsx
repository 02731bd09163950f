import { ReactNode } from 'react';
import Skeleton from '@material-ui/lab/Skeleton';
import Typography from '@material-ui/core/Typography';
import { SourceResult } from '@internal/backstage-plugin-eks-platform-common';
import { SourceNotice } from '../SourceNotice';

export interface SourceGateProps<T> {
  /** The source, or undefined while the first answer is on its way. */
  source?: SourceResult<T>;
  /** The request for the whole status failed and there is no earlier answer. */
  requestError?: Error;
  /** Human name of the upstream, used when the source gives none: "Kubernetes". */
  label: string;
  /** What to add when the source is not configured and the backend gave no hint. */
  setupHint: string;
  children: (data: T) => ReactNode;
}

/** Loading skeleton with an accessible name. */
export function SourceSkeleton({ label }: { label: string }) {
  return (
    <div
      role="progressbar"
      aria-busy="true"
      aria-label={`Loading ${label}`}
      data-testid="source-skeleton"
    >
      <Skeleton variant="text" width="60%" />
      <Skeleton variant="rect" height={48} />
      <Skeleton variant="text" width="40%" />
    </div>
  );
}

/**
 * Renders one source of the status in whatever state it is in: loading,
 * failed (naming the upstream), not configured (saying what to add), stale
 * (older data under a notice) or fresh.
 */
export function SourceGate<T>({
  source,
  requestError,
  label,
  setupHint,
  children,
}: SourceGateProps<T>) {
  if (!source) {
    if (requestError) {
      return (
        <SourceNotice
          kind="error"
          fallbackUpstream="The EKS platform backend"
          error={{
            upstream: 'The EKS platform backend',
            message: requestError.message,
          }}
        />
      );
    }
    return <SourceSkeleton label={label} />;
  }
  switch (source.state) {
    case 'not-configured':
      return (
        <Typography variant="body2" data-testid="source-not-configured">
          {source.hint ?? setupHint}
        </Typography>
      );
    case 'error':
      return (
        <SourceNotice
          kind="error"
          error={source.error}
          fallbackUpstream={label}
        />
      );
    case 'stale':
      return (
        <>
          <SourceNotice
            kind="stale"
            error={source.error}
            fetchedAt={source.fetchedAt}
            fallbackUpstream={label}
          />
          {source.data !== undefined && children(source.data)}
        </>
      );
    default:
      if (source.data === undefined) {
        return (
          <SourceNotice
            kind="error"
            fallbackUpstream={label}
            error={{ upstream: label, message: 'the backend sent no data' }}
          />
        );
      }
      return <>{children(source.data)}</>;
  }
}
