import Grid from '@material-ui/core/Grid';
import { EntityInfoCard, useEntity } from '@backstage/plugin-catalog-react';
import { useEntityPlatformStatus } from '../../hooks/useEntityPlatformStatus';
import { ArgoCdApps } from '../ArgoCdApps';
import { ARGOCD_SETUP_HINT, KUBERNETES_SETUP_HINT } from '../../setupHints';
import { Registrations } from '../Registrations';
import { RolloutState } from '../RolloutState';
import { SourceGate, SourceSkeleton } from '../SourceGate';
import { SourceNotice } from '../SourceNotice';
import { UpdatedAgo } from '../UpdatedAgo';
import { ZonePlacement } from '../ZonePlacement';
import { ImageFindings } from '../ImageFindings';
import { HealthSummaryPanel } from './HealthSummaryPanel';
import { PendingDeployment } from '../PendingDeployment';

/**
 * The "Platform" entity tab: health, placement per cluster and zone,
 * rollouts, the scans of the running images, Argo CD and registrations, from the same shared status as the
 * overview cards.
 */
export function PlatformContent() {
  const { entity } = useEntity();
  const { status, error, loading, updatedAt, refresh } =
    useEntityPlatformStatus();
  const kubernetes = status?.sources.kubernetes;
  const clusters = kubernetes?.data?.clusters ?? [];
  // Not deployed yet (registration pull request open, or no workload ever
  // seen): the sections say what will appear and where to follow the
  // deployment, instead of empty tables that read like a broken service.
  const pendingHealth =
    status?.health.level === 'pending' ? status.health : undefined;
  return (
    <Grid container spacing={3} data-plugin="eks-platform">
      <Grid item xs={12}>
        <EntityInfoCard
          title="Platform health"
          headerActions={
            <UpdatedAgo
              updatedAt={updatedAt}
              loading={loading}
              onRefresh={refresh}
            />
          }
        >
          {status && <HealthSummaryPanel health={status.health} />}
          {!status && !error && <SourceSkeleton label="platform health" />}
          {error && (
            <SourceNotice
              kind={status ? 'stale' : 'error'}
              fallbackUpstream="The EKS platform backend"
              fetchedAt={
                updatedAt ? new Date(updatedAt).toISOString() : undefined
              }
              error={{
                upstream: 'The EKS platform backend',
                message: error.message,
              }}
            />
          )}
        </EntityInfoCard>
      </Grid>
      <Grid item xs={12}>
        <EntityInfoCard title="Placement by cluster and zone">
          <SourceGate
            source={kubernetes}
            requestError={error}
            label="Kubernetes"
            setupHint={KUBERNETES_SETUP_HINT}
          >
            {data =>
              pendingHealth ? (
                <PendingDeployment
                  health={pendingHealth}
                  appears="The pods per cluster and availability zone"
                />
              ) : (
                <ZonePlacement clusters={data.clusters} />
              )
            }
          </SourceGate>
        </EntityInfoCard>
      </Grid>
      <Grid item xs={12}>
        <EntityInfoCard title="Rollouts">
          <SourceGate
            source={kubernetes}
            requestError={error}
            label="Kubernetes"
            setupHint={KUBERNETES_SETUP_HINT}
          >
            {data =>
              pendingHealth ? (
                <PendingDeployment
                  health={pendingHealth}
                  appears="Each cluster's rollout"
                />
              ) : (
                <RolloutState clusters={data.clusters} />
              )
            }
          </SourceGate>
        </EntityInfoCard>
      </Grid>
      <Grid item xs={12}>
        <ImageFindings />
      </Grid>
      <Grid item xs={12} md={7}>
        <EntityInfoCard title="Argo CD">
          <SourceGate
            source={status?.sources.argocd}
            requestError={error}
            label="Argo CD"
            setupHint={ARGOCD_SETUP_HINT}
          >
            {data =>
              pendingHealth ? (
                <PendingDeployment
                  health={pendingHealth}
                  appears="The Argo CD application of each environment"
                />
              ) : (
                <ArgoCdApps
                  data={data}
                  clusterNames={clusters.map(c => c.cluster)}
                />
              )
            }
          </SourceGate>
        </EntityInfoCard>
      </Grid>
      <Grid item xs={12} md={5}>
        <EntityInfoCard title="Registrations">
          <Registrations
            entity={entity}
            clusters={clusters}
            pending={pendingHealth !== undefined}
          />
        </EntityInfoCard>
      </Grid>
    </Grid>
  );
}
