import { ReactNode } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import {
  EntityInfoCard,
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { hasAnyAnnotation } from '../../filters';
import {
  EntityPlatformStatusState,
  useEntityPlatformStatus,
} from '../../hooks/useEntityPlatformStatus';
import { PendingDeployment } from '../PendingDeployment';
import { SourceNotice } from '../SourceNotice';
import { UpdatedAgo } from '../UpdatedAgo';

export interface PlatformCardProps {
  title: string;
  /** The card needs at least one of these annotations. */
  annotations: string[];
  /**
   * What the card shows once the service runs ("Traffic"), said instead of
   * the card's content while the service is not deployed yet (`pending`).
   */
  appearsOnceDeployed?: string;
  children: (state: EntityPlatformStatusState) => ReactNode;
}

const useStyles = makeStyles({ region: { height: '100%' } });

/** The element id of a card's region: the overview's verdict lines link to it. */
export function detailCardId(title: string): string {
  return `eks-platform-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

/** A labelled region, so screen-reader users (and browser tests) can jump between cards. */
function CardRegion({
  title,
  children,
}: {
  title: string;
  children: ReactNode;
}) {
  const classes = useStyles();
  return (
    <section
      aria-label={title}
      id={detailCardId(title)}
      className={classes.region}
      data-plugin="eks-platform"
    >
      {children}
    </section>
  );
}

function PlatformCardBody({
  title,
  appearsOnceDeployed,
  children,
}: Omit<PlatformCardProps, 'annotations'>) {
  const state = useEntityPlatformStatus();
  return (
    <EntityInfoCard
      title={title}
      headerActions={
        <UpdatedAgo
          updatedAt={state.updatedAt}
          loading={state.loading}
          onRefresh={state.refresh}
        />
      }
    >
      <div aria-busy={state.loading}>
        {state.error && state.status && (
          <SourceNotice
            kind="stale"
            fallbackUpstream="The EKS platform backend"
            fetchedAt={
              state.updatedAt
                ? new Date(state.updatedAt).toISOString()
                : undefined
            }
            error={{
              upstream: 'The EKS platform backend',
              message: state.error.message,
            }}
          />
        )}
        {state.status?.health.level === 'pending' ? (
          <PendingDeployment
            health={state.status.health}
            appears={appearsOnceDeployed ?? 'What this card shows'}
          />
        ) : (
          children(state)
        )}
      </div>
    </EntityInfoCard>
  );
}

/**
 * Frame shared by the platform cards: title, "updated N s ago", refresh,
 * and the missing-annotation state when the entity cannot light the card up.
 */
export function PlatformCard({
  title,
  annotations,
  appearsOnceDeployed,
  children,
}: PlatformCardProps) {
  const { entity } = useEntity();
  if (!hasAnyAnnotation(entity, annotations)) {
    return (
      <CardRegion title={title}>
        <EntityInfoCard title={title}>
          <MissingAnnotationEmptyState annotation={annotations} />
        </EntityInfoCard>
      </CardRegion>
    );
  }
  return (
    <CardRegion title={title}>
      <PlatformCardBody title={title} appearsOnceDeployed={appearsOnceDeployed}>
        {children}
      </PlatformCardBody>
    </CardRegion>
  );
}
