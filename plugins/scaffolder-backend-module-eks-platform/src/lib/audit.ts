import { AuditorService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';

export interface AuditContext {
  auditor: AuditorService;
  actionId: string;
  taskId: string;
  /** Entity ref of the user who started the task, when known. */
  userRef?: string;
}

/**
 * Wraps one side effect (create/update on an upstream) in an auditor event,
 * so the audit log says who changed what through which task. `meta` must
 * describe the resource and never hold secret values.
 */
export async function audited<T>(
  ctx: AuditContext,
  eventId: string,
  meta: JsonObject,
  fn: () => Promise<T>,
  /** Extra metadata from the result, e.g. whether anything changed. */
  resultMeta?: (result: T) => JsonObject,
): Promise<T> {
  const event = await ctx.auditor.createEvent({
    eventId,
    severityLevel: 'medium',
    meta: {
      actionId: ctx.actionId,
      taskId: ctx.taskId,
      ...(ctx.userRef ? { initiator: ctx.userRef } : {}),
      ...meta,
    },
  });
  try {
    const result = await fn();
    await event.success({ meta: { ...meta, ...resultMeta?.(result) } });
    return result;
  } catch (error) {
    await event.fail({ meta, error: error as Error });
    throw error;
  }
}
