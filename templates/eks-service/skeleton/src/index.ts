import { loadConfig } from './config';
import { createLogger } from './logger';
import { createMetrics } from './metrics';
import { createHttpServer } from './server';
import { shutdownGracefully } from './shutdown';
import { startTracing } from './tracing';

function main(): void {
  const config = loadConfig();
  const logger = createLogger(config.serviceName, config.logLevel);
  const tracing = startTracing(config.serviceName, config.otlpTracesEndpoint);
  const metrics = createMetrics(config.serviceName);
  let ready = true;
  const server = createHttpServer({
    serviceName: config.serviceName,
    logger,
    metrics,
    tracer: tracing.tracer,
    isReady: () => ready,
  });

  server.listen(config.port, () => {
    logger.info('listening', { port: config.port, tracing: Boolean(config.otlpTracesEndpoint) });
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info('signal received', { signal });
    void shutdownGracefully({
      server,
      logger,
      drainMs: config.shutdownDrainMs,
      timeoutMs: config.shutdownTimeoutMs,
      markNotReady: () => {
        ready = false;
      },
      onClosed: tracing.shutdown,
    }).then((code) => process.exit(code));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
