import { ReactNode } from 'react';
import { EntityInfoCard } from '@backstage/plugin-catalog-react';
import { SourceNotice } from '../SourceNotice';
import { UpdatedAgo } from '../UpdatedAgo';

export interface RefreshingCardProps {
  title: string;
  /** Epoch ms of the last successful answer from the backend. */
  updatedAt?: number;
  loading: boolean;
  /** The last request failed. */
  error?: Error;
  /** There is an older answer on show: a failure makes it stale, not gone. */
  hasData: boolean;
  onRefresh: () => void;
  children: ReactNode;
}

/**
 * A card over one polled backend answer: "Updated N s ago" with a refresh
 * button, and, when the last refresh failed but an older answer is shown,
 * a notice that it is stale and why.
 */
export function RefreshingCard({
  title,
  updatedAt,
  loading,
  error,
  hasData,
  onRefresh,
  children,
}: RefreshingCardProps) {
  return (
    <EntityInfoCard
      title={title}
      headerActions={
        <UpdatedAgo
          updatedAt={updatedAt}
          loading={loading}
          onRefresh={onRefresh}
        />
      }
    >
      {error && hasData && (
        <SourceNotice
          kind="stale"
          fallbackUpstream="The EKS platform backend"
          fetchedAt={updatedAt ? new Date(updatedAt).toISOString() : undefined}
          error={{
            upstream: 'The EKS platform backend',
            message: error.message,
          }}
        />
      )}
      {children}
    </EntityInfoCard>
  );
}
