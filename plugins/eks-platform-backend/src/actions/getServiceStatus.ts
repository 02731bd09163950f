import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { StatusService } from '../status/StatusService';
import { compactStatus, compactStatusSchema } from './compactStatus';
import { readableService, ToolAccess } from './readableService';

/**
 * `get-service-status`: one service's judged status, permission-checked
 * like `GET /v1/status/:kind/:namespace/:name` (eks.platform.status.read
 * and catalog read with the caller's own credentials).
 */
export function registerGetServiceStatus(options: {
  actionsRegistry: ActionsRegistryService;
  access: ToolAccess;
  status: StatusService;
}) {
  const { actionsRegistry, access, status } = options;
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
      const entity = await readableService(
        access,
        credentials,
        input.entityRef,
        'the platform status',
      );
      const summary = await status.statusOf(entity, 'summary');
      return { output: compactStatus(summary) };
    },
  });
}
