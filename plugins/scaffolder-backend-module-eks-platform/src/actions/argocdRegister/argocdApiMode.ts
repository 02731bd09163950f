import {
  ArgoCdInstanceConfig,
  UpstreamHttpClient,
} from '@internal/backstage-plugin-eks-platform-node';
import { JsonObject } from '@backstage/types';
import { canonicalJson } from '../../lib/canonicalJson';
import { AuditContext, audited } from '../../lib/audit';
import { buildApplication } from './applicationManifest';
import { ArgoCdSpec } from './argocdSpec';

type Checkpoint = <T extends JsonObject | string | null>(
  key: string,
  fn: () => Promise<T>,
) => Promise<T>;

/** The fields this action owns in an existing Application; others are left alone. */
function managedView(app: any, labelKeys: string[]): string {
  const spec = app?.spec ?? {};
  const labels = app?.metadata?.labels ?? {};
  return canonicalJson(
    {
      project: spec.project,
      source: spec.source,
      sources: spec.sources,
      destination: spec.destination,
      syncPolicy: spec.syncPolicy,
      labels: Object.fromEntries(labelKeys.map(k => [k, labels[k]])),
    },
    true,
  );
}

/**
 * api mode: creates each environment's Application through the Argo CD REST
 * API with upsert semantics: missing -> create, different -> update of the
 * fields this action owns, same -> no write.
 */
export async function registerThroughApi(options: {
  spec: ArgoCdSpec;
  instance: ArgoCdInstanceConfig;
  client: UpstreamHttpClient;
  audit: AuditContext;
  checkpoint: Checkpoint;
  logger: { info(m: string): void };
  done: string[];
}): Promise<void> {
  const { spec, instance, client, audit, checkpoint, logger, done } = options;

  await checkpoint(
    `eks.argocd.${instance.name}.project.${spec.project}`,
    async () => {
      await client.request({
        operation: `read project "${spec.project}"`,
        method: 'GET',
        path: `/api/v1/projects/${encodeURIComponent(spec.project)}`,
      });
      return spec.project;
    },
  );

  for (const env of spec.environments) {
    const desired = buildApplication(spec, env, {
      namespace: instance.namespace,
    });
    const appPath = `/api/v1/applications/${encodeURIComponent(
      env.applicationName,
    )}`;
    const query = `appNamespace=${encodeURIComponent(instance.namespace)}`;
    const result = await checkpoint(
      `eks.argocd.${instance.name}.${instance.namespace}.${env.applicationName}.api`,
      async () => {
        const current = await client.request({
          operation: `read application "${env.applicationName}"`,
          method: 'GET',
          path: `${appPath}?${query}`,
          accept: [404],
        });
        if (current.status === 404) {
          await audited(
            audit,
            'argocd-application-create',
            {
              instance: instance.name,
              application: env.applicationName,
              project: spec.project,
              environment: env.env,
            },
            () =>
              client.request({
                operation: `create application "${env.applicationName}"`,
                method: 'POST',
                path: '/api/v1/applications?upsert=false&validate=true',
                body: desired,
              }),
          );
          logger.info(
            `Created Argo CD application ${env.applicationName} on instance ${instance.name}.`,
          );
          return 'created';
        }
        const labelKeys = Object.keys((desired as any).metadata.labels);
        if (
          managedView(current.body, labelKeys) ===
          managedView(desired, labelKeys)
        ) {
          logger.info(
            `Argo CD application ${env.applicationName} already exists with this spec.`,
          );
          return 'unchanged';
        }
        const merged = {
          ...current.body,
          metadata: {
            ...current.body.metadata,
            labels: {
              ...(current.body.metadata?.labels ?? {}),
              ...(desired as any).metadata.labels,
            },
          },
          spec: (() => {
            const next = { ...current.body.spec, ...(desired as any).spec };
            // One of source/sources: drop the one the desired spec does not use.
            if ('source' in (desired as any).spec) delete next.sources;
            else delete next.source;
            return next;
          })(),
        };
        delete merged.status;
        await audited(
          audit,
          'argocd-application-update',
          {
            instance: instance.name,
            application: env.applicationName,
            project: spec.project,
            environment: env.env,
          },
          () =>
            client.request({
              operation: `update application "${env.applicationName}"`,
              method: 'PUT',
              path: `${appPath}?validate=true&${query}`,
              body: merged,
            }),
        );
        logger.info(
          `Updated Argo CD application ${env.applicationName} to the requested spec.`,
        );
        return 'updated';
      },
    );
    done.push(`application ${env.applicationName} (${result})`);
  }
}
