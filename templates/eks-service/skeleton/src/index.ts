import { loadConfig } from './config';
import { startTracing } from './telemetry/tracing';

// Tracing starts before the rest of the service is loaded: the http
// instrumentation patches `http` when it is loaded, so every module loaded
// after this point makes outgoing calls that carry the trace context.
const config = loadConfig();
const tracing = startTracing({
  serviceName: config.serviceName,
  endpoint: config.otlpTracesEndpoint,
});

import('./main')
  .then(({ main }) => main(config, tracing))
  .catch((error: unknown) => {
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: 'error', service: config.serviceName, message: 'start failed', error: String(error) })}\n`,
    );
    process.exit(1);
  });
