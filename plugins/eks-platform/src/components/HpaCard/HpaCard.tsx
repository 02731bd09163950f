import Typography from '@material-ui/core/Typography';
import { KUBERNETES_ANNOTATIONS } from '../../filters';
import { inEnvironmentOrder } from '../../format/environments';
import { KUBERNETES_SETUP_HINT } from '../../setupHints';
import { ClusterSection } from '../ClusterSection';
import { PlatformCard } from '../PlatformCard';
import { SourceGate } from '../SourceGate';
import { HpaDetails } from './HpaDetails';

/** Autoscaling (HPA) card: replicas, metrics and scaling state per cluster. */
export function HpaCard() {
  return (
    <PlatformCard
      title="Autoscaling"
      annotations={KUBERNETES_ANNOTATIONS}
      appearsOnceDeployed="The autoscaler (HorizontalPodAutoscaler) the service's chart defines"
    >
      {({ status, error }) => (
        <SourceGate
          source={status?.sources.kubernetes}
          requestError={error}
          label="Kubernetes"
          setupHint={KUBERNETES_SETUP_HINT}
        >
          {({ clusters }) => {
            const withHpa = inEnvironmentOrder(clusters, c => c.cluster).filter(
              c => c.hpas.length > 0 || c.state === 'error',
            );
            if (withHpa.length === 0) {
              return (
                <Typography variant="body2" data-testid="hpa-empty">
                  No HorizontalPodAutoscaler found for this service in{' '}
                  {clusters.length
                    ? `clusters ${clusters.map(c => c.cluster).join(', ')}`
                    : 'any cluster'}
                  . Add one labelled with the service&apos;s
                  backstage.io/kubernetes-id to scale it automatically.
                </Typography>
              );
            }
            return withHpa.map(cluster => (
              <ClusterSection key={cluster.cluster} cluster={cluster}>
                {cluster.hpas.map(hpa => (
                  <HpaDetails key={`${hpa.namespace}/${hpa.name}`} hpa={hpa} />
                ))}
              </ClusterSection>
            ));
          }}
        </SourceGate>
      )}
    </PlatformCard>
  );
}
