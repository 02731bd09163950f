import type { ServiceConfig } from './config';
import { watchCredentialsFile } from './database/credentialsFile';
import { type Database, createDatabase } from './database/database';
import { createLogger } from './logger';
import { createMetrics } from './metrics';
import { createHttpServer } from './server';
import { shutdownGracefully } from './shutdown';
import { environmentResource, resourceMetricLabels } from './telemetry/resource';
import type { Tracing } from './telemetry/tracing';

export async function main(config: ServiceConfig, tracing: Tracing): Promise<void> {
  const logger = createLogger(config.serviceName, config.logLevel);
  const metrics = createMetrics(config.serviceName, {
    resourceLabels: resourceMetricLabels(environmentResource()),
  });

  let database: Database | undefined;
  if (config.database) {
    const credentials = await watchCredentialsFile({
      file: config.database.credentialsFile,
      logger,
      pollMs: config.database.credentialsPollMs,
    });
    database = createDatabase({
      config: config.database,
      credentials,
      logger,
      applicationName: config.serviceName,
    });
  }

  let ready = true;
  const server = createHttpServer({
    serviceName: config.serviceName,
    logger,
    metrics,
    tracer: tracing.tracer,
    isReady: () => ready,
    database,
  });

  server.listen(config.port, () => {
    logger.info('listening', {
      port: config.port,
      tracing: Boolean(config.otlpTracesEndpoint),
      database: Boolean(database),
    });
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
      // In-flight requests are done: close the database pool, then flush the spans.
      onClosed: async () => {
        await database?.close();
        await tracing.shutdown();
      },
    }).then((code) => process.exit(code));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
