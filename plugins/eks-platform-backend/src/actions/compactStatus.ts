import {
  EntityPlatformStatus,
  HealthLevel,
  operationalVerdicts,
} from '@internal/backstage-plugin-eks-platform-common';
import type { z as zod } from 'zod/v3';

/** The zod the actions registry hands to schema functions. */
export type Zod = typeof zod;

const HEALTH_LEVELS = [
  'healthy',
  'pending',
  'warning',
  'critical',
  'unknown',
] as const;

/**
 * What an agent gets for one service: the judged answer the overview card
 * shows (one health level with its reasons, one verdict per source, ready
 * and desired replicas per cluster), never the raw Kubernetes objects, pod
 * lists or alert labels of the full status.
 */
export const compactStatusSchema = (z: Zod) =>
  z.object({
    entityRef: z
      .string()
      .describe('The catalog entity, e.g. component:default/checkout'),
    health: z.object({
      level: z
        .enum(HEALTH_LEVELS)
        .describe(
          'healthy, pending (registered, not deployed yet), warning, critical, or unknown (no source has data)',
        ),
      reasons: z
        .array(z.string())
        .describe(
          'Why the service is not healthy, worst first; empty when healthy',
        ),
      pullRequestUrl: z
        .string()
        .optional()
        .describe('Pending services: the open registration pull request'),
      ciRunUrl: z
        .string()
        .optional()
        .describe('Pending services: the latest CI run of its repository'),
    }),
    sources: z
      .array(
        z.object({
          id: z.string(),
          label: z.string(),
          state: z
            .string()
            .describe('ok, stale, error, not-configured or no-data'),
          level: z.enum(HEALTH_LEVELS),
          reason: z
            .string()
            .optional()
            .describe('What is wrong, or what to configure'),
        }),
      )
      .describe('One verdict per source, as on the overview card'),
    clusters: z.array(
      z.object({
        cluster: z.string(),
        state: z.string().describe('ok, stale or error'),
        deployments: z.array(
          z.object({
            namespace: z.string(),
            name: z.string(),
            ready: z.number(),
            desired: z.number(),
            rollout: z.string().describe('complete, progressing or stalled'),
          }),
        ),
      }),
    ),
  });

export type CompactStatus = zod.infer<ReturnType<typeof compactStatusSchema>>;

/** The compact answer of a summary-view status. */
export function compactStatus(
  status: EntityPlatformStatus,
  now: number = Date.now(),
): CompactStatus {
  const { health } = status;
  const registration = health.registration;
  return {
    entityRef: status.entityRef,
    health: {
      level: health.level as HealthLevel,
      reasons: health.reasons,
      ...(registration?.pullRequest
        ? { pullRequestUrl: registration.pullRequest.url }
        : {}),
      ...(registration?.ciRun ? { ciRunUrl: registration.ciRun.url } : {}),
    },
    sources: operationalVerdicts(status, now).map(v => ({
      id: v.id,
      label: v.label,
      state: v.state,
      level: v.level,
      ...(v.reason ? { reason: v.reason } : {}),
    })),
    clusters: (status.sources.kubernetes.data?.clusters ?? []).map(c => ({
      cluster: c.cluster,
      state: c.state,
      deployments: c.deployments.map(d => ({
        namespace: d.namespace,
        name: d.name,
        ready: d.replicas.ready,
        desired: d.replicas.desired,
        rollout: d.rollout.state,
      })),
    })),
  };
}
