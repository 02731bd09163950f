import {
  ArgoCdInstanceConfig,
  OwnershipCaller,
  OwnershipDecision,
  UpstreamHttpClient,
  decideOwnership,
  readArgoCdMarker,
} from '@internal/backstage-plugin-eks-platform-node';
import { JsonObject } from '@backstage/types';
import { canonicalJson } from '../../lib/canonicalJson';
import { AuditContext, audited } from '../../lib/audit';
import { GitOpsSource, buildApplication } from './applicationManifest';
import { buildAppProject } from './appProjectManifest';
import { RegistrationPlan } from './argocdSpec';

type Checkpoint = <T extends JsonObject | string | null>(
  key: string,
  fn: () => Promise<T>,
) => Promise<T>;

/** One write the registration will make, decided before any of them. */
interface PlannedWrite {
  kind: 'project' | 'application';
  name: string;
  instance: ArgoCdInstanceConfig;
  decision: OwnershipDecision;
  desired: JsonObject;
  /** The object as read (reconcile/adopt), for the update. */
  current?: any;
  unchanged: boolean;
  environment?: string;
}

/** The fields this action owns in an Application or AppProject. */
function managedView(resource: any): string {
  const metadata = resource?.metadata ?? {};
  return canonicalJson(
    {
      spec: resource?.spec,
      labels: metadata.labels,
      annotations: metadata.annotations,
    },
    true,
  );
}

function withoutServerFields(current: any, desired: any): JsonObject {
  const metadata = { ...current.metadata };
  return {
    ...current,
    metadata: {
      ...metadata,
      labels: { ...metadata.labels, ...desired.metadata.labels },
      annotations: { ...metadata.annotations, ...desired.metadata.annotations },
      finalizers: desired.metadata.finalizers ?? metadata.finalizers,
    },
    spec: desired.spec,
    status: undefined,
    operation: undefined,
  };
}

/**
 * Reads the team's AppProject on every instance the environments use and
 * each environment's Application, and decides what to do with each, before
 * anything is written: another owner's or an unmarked object stops the
 * whole registration with a ConflictError.
 */
async function planWrites(options: {
  plan: RegistrationPlan;
  gitops: GitOpsSource;
  clientFor: (instance: ArgoCdInstanceConfig) => UpstreamHttpClient;
  caller: OwnershipCaller;
}): Promise<PlannedWrite[]> {
  const { plan, gitops, clientFor, caller } = options;
  const writes: PlannedWrite[] = [];
  const instances = [
    ...new Map(plan.environments.map(e => [e.instance.name, e.instance])).values(),
  ];
  for (const instance of instances) {
    const current = await clientFor(instance).request({
      operation: `read project "${plan.project}"`,
      method: 'GET',
      path: `/api/v1/projects/${encodeURIComponent(plan.project)}`,
      accept: [404],
    });
    const exists = current.status !== 404;
    const decision = decideOwnership({
      resource: `Argo CD project "${plan.project}" on instance "${instance.name}"`,
      exists,
      found: readArgoCdMarker(current.body),
      requested: plan.projectMarker,
      adoptExisting: plan.adoptExisting,
      caller,
    });
    const desired = buildAppProject(
      plan,
      instance,
      gitops.cloneUrl,
      exists ? current.body : undefined,
      decision === 'reconcile',
    );
    writes.push({
      kind: 'project',
      name: plan.project,
      instance,
      decision,
      desired,
      current: exists ? current.body : undefined,
      unchanged:
        decision === 'reconcile' &&
        managedView(current.body) === managedView(desired),
    });
  }
  for (const env of plan.environments) {
    const current = await clientFor(env.instance).request({
      operation: `read application "${env.applicationName}"`,
      method: 'GET',
      path: `/api/v1/applications/${encodeURIComponent(
        env.applicationName,
      )}?appNamespace=${encodeURIComponent(env.instance.namespace)}`,
      accept: [404],
    });
    const exists = current.status !== 404;
    const decision = decideOwnership({
      resource: `Argo CD application "${env.applicationName}" on instance "${env.instance.name}"`,
      exists,
      found: readArgoCdMarker(current.body),
      requested: plan.marker,
      adoptExisting: plan.adoptExisting,
      caller,
    });
    const desired: any = buildApplication(plan, env, gitops);
    if (decision === 'adopt') {
      // Somebody else managed it until now: never turn pruning on for them.
      desired.spec.syncPolicy.automated.prune =
        current.body?.spec?.syncPolicy?.automated?.prune === true;
    }
    writes.push({
      kind: 'application',
      name: env.applicationName,
      instance: env.instance,
      decision,
      desired,
      current: exists ? current.body : undefined,
      unchanged:
        decision === 'reconcile' &&
        managedView(current.body) === managedView(desired),
      environment: env.env,
    });
  }
  return writes;
}

async function write(
  item: PlannedWrite,
  client: UpstreamHttpClient,
  plan: RegistrationPlan,
  audit: AuditContext,
): Promise<'created' | 'updated' | 'adopted'> {
  const create = item.decision === 'create';
  const eventId = `argocd-${item.kind}-${create ? 'create' : 'update'}`;
  const meta: JsonObject = {
    instance: item.instance.name,
    [item.kind]: item.name,
    project: plan.project,
    decision: item.decision,
    owner: plan.marker.ownerRef,
    ...(item.environment ? { environment: item.environment } : {}),
  };
  const body = create
    ? item.desired
    : withoutServerFields(item.current, item.desired);
  await audited(audit, eventId, meta, () => {
    if (item.kind === 'project') {
      return create
        ? client.request({
            operation: `create project "${item.name}"`,
            method: 'POST',
            path: '/api/v1/projects',
            body: { project: body, upsert: false },
          })
        : client.request({
            operation: `update project "${item.name}"`,
            method: 'PUT',
            path: `/api/v1/projects/${encodeURIComponent(item.name)}`,
            body: { project: body },
          });
    }
    return create
      ? client.request({
          operation: `create application "${item.name}"`,
          method: 'POST',
          path: '/api/v1/applications?upsert=false&validate=true',
          body,
        })
      : client.request({
          operation: `update application "${item.name}"`,
          method: 'PUT',
          path: `/api/v1/applications/${encodeURIComponent(
            item.name,
          )}?validate=true&appNamespace=${encodeURIComponent(
            item.instance.namespace,
          )}`,
          body,
        });
  });
  if (item.decision === 'adopt') return 'adopted';
  return create ? 'created' : 'updated';
}

/**
 * api mode: the team's AppProject and each environment's Application
 * through the Argo CD REST API. Everything is read and decided first; then
 * the project (it must exist before an Application names it) and the
 * Applications are created or reconciled, each write in its own checkpoint.
 */
export async function registerThroughApi(options: {
  plan: RegistrationPlan;
  gitops: GitOpsSource;
  clientFor: (instance: ArgoCdInstanceConfig) => UpstreamHttpClient;
  caller: OwnershipCaller;
  audit: AuditContext;
  checkpoint: Checkpoint;
  logger: { info(m: string): void };
  done: string[];
}): Promise<void> {
  const { plan, clientFor, audit, checkpoint, logger, done } = options;
  const writes = await planWrites(options);
  for (const item of writes) {
    const what = `${item.kind} ${item.name} on instance ${item.instance.name}`;
    if (item.unchanged) {
      logger.info(`Argo CD ${what} already exists with this spec.`);
      done.push(`${item.kind} ${item.name} (unchanged)`);
      continue;
    }
    const result = await checkpoint(
      `eks.argocd.api.${item.instance.name}.${item.kind}.${item.name}`,
      () => write(item, clientFor(item.instance), plan, audit),
    );
    logger.info(`Argo CD ${what}: ${result}.`);
    done.push(`${item.kind} ${item.name} (${result})`);
  }
}
