import { ALERT_ANNOTATIONS } from '../../filters';
import { ALERTS_SETUP_HINT } from '../../setupHints';
import { PlatformCard } from '../PlatformCard';
import { SourceGate } from '../SourceGate';
import { AlertsList } from './AlertsList';

/** Alerts card: firing Alertmanager alerts of the service. */
export function AlertsCard() {
  return (
    <PlatformCard
      title="Alerts"
      annotations={ALERT_ANNOTATIONS}
      appearsOnceDeployed="Its alerts"
    >
      {({ status, error }) => (
        <SourceGate
          source={status?.sources.alerts}
          requestError={error}
          label="Alertmanager"
          setupHint={ALERTS_SETUP_HINT}
        >
          {data => <AlertsList data={data} />}
        </SourceGate>
      )}
    </PlatformCard>
  );
}
