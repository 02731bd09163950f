import { TRACE_ANNOTATIONS } from '../../filters';
import { TRACES_SETUP_HINT } from '../../setupHints';
import { PlatformCard } from '../PlatformCard';
import { SourceGate } from '../SourceGate';
import { TracesDetails } from './TracesDetails';

/** Traces card: RED metrics from span data, with links to error traces. */
export function TracesCard() {
  return (
    <PlatformCard
      title="Traces"
      annotations={TRACE_ANNOTATIONS}
      appearsOnceDeployed="Its traffic (requests, errors, latency)"
    >
      {({ status, error }) => (
        <SourceGate
          source={status?.sources.traces}
          requestError={error}
          label="Traces"
          setupHint={TRACES_SETUP_HINT}
        >
          {data => <TracesDetails data={data} />}
        </SourceGate>
      )}
    </PlatformCard>
  );
}
