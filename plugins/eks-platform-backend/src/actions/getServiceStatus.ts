import { stringifyEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { StatusService } from '../status/StatusService';
import { ReadableEntities } from '../service/ReadableEntities';
import { compactStatus, compactStatusSchema } from './compactStatus';

/** `checkout`, `component:checkout` or `component:default/checkout`, as people write them. */
export function toEntityRef(text: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(text.trim(), {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    );
  } catch (e) {
    throw new InputError(
      `entityRef must be an entity reference such as component:default/checkout or checkout: ${
        (e as Error).message
      }`,
    );
  }
}

/**
 * `get-service-status`: one service's judged status, permission-checked
 * like `GET /v1/status/:kind/:namespace/:name` (eks.platform.status.read
 * and catalog read with the caller's own credentials).
 */
export function registerGetServiceStatus(options: {
  actionsRegistry: ActionsRegistryService;
  readable: ReadableEntities;
  status: StatusService;
}) {
  const { actionsRegistry, readable, status } = options;
  actionsRegistry.register({
    name: 'get-service-status',
    title: 'Get a service status',
    description: [
      "Is this service healthy, and if not, why? Returns the service's judged status on the EKS platform:",
      'one health level (healthy, pending, warning, critical, unknown) with plain-language reasons worst first,',
      'one verdict per source (autoscaling, disruption budget, alerts, traces, Argo CD, zone spread and any',
      'source the platform team added), and ready/desired replicas per cluster and deployment.',
      'Use it to answer questions such as "is checkout healthy in prod?".',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .max(300)
            .describe(
              'The service in the catalog: component:default/checkout, or just checkout',
            ),
        }),
      output: compactStatusSchema,
    },
    examples: [
      {
        title: 'Status of the checkout service',
        input: { entityRef: 'component:default/checkout' },
      },
    ],
    action: async ({ input, credentials }) => {
      const ref = toEntityRef(input.entityRef);
      const {
        items: [found],
      } = await readable.resolve(credentials, [ref]);
      // Same answers as the HTTP API: a service the caller may not read
      // does not exist for them.
      if ('refused' in found) {
        if (found.refused === 'NotFoundError')
          throw new NotFoundError(`Entity ${ref} not found`);
        throw new NotAllowedError(
          `You are not allowed to read the platform status of ${ref} (eks.platform.status.read)`,
        );
      }
      const summary = await status.statusOf(found.entity, 'summary');
      return { output: compactStatus(summary) };
    },
  });
}
