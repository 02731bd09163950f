import Typography from '@material-ui/core/Typography';
import { KUBERNETES_ANNOTATIONS } from '../../filters';
import { inEnvironmentOrder } from '../../format/environments';
import { ClusterSection } from '../ClusterSection';
import { KUBERNETES_SETUP_HINT } from '../../setupHints';
import { PlatformCard } from '../PlatformCard';
import { SourceGate } from '../SourceGate';
import { PdbDetails } from './PdbDetails';

/** Disruption budget (PDB) card: allowed disruptions and drain blockers per cluster. */
export function PdbCard() {
  return (
    <PlatformCard
      title="Disruption budget"
      annotations={KUBERNETES_ANNOTATIONS}
      appearsOnceDeployed="The disruption budget (PodDisruptionBudget) the service's chart defines"
    >
      {({ status, error }) => (
        <SourceGate
          source={status?.sources.kubernetes}
          requestError={error}
          label="Kubernetes"
          setupHint={KUBERNETES_SETUP_HINT}
        >
          {({ clusters }) => {
            const withPdb = inEnvironmentOrder(clusters, c => c.cluster).filter(
              c => c.pdbs.length > 0 || c.state === 'error',
            );
            if (withPdb.length === 0) {
              return (
                <Typography variant="body2" data-testid="pdb-empty">
                  No PodDisruptionBudget protects this service. Add one (for
                  example minAvailable: 1) labelled with its
                  backstage.io/kubernetes-id so node drains cannot take all its
                  pods down at once.
                </Typography>
              );
            }
            return withPdb.map(cluster => (
              <ClusterSection key={cluster.cluster} cluster={cluster}>
                {cluster.pdbs.map(pdb => (
                  <PdbDetails
                    key={`${pdb.namespace}/${pdb.name}`}
                    pdb={pdb}
                    cluster={cluster.cluster}
                  />
                ))}
              </ClusterSection>
            ));
          }}
        </SourceGate>
      )}
    </PlatformCard>
  );
}
