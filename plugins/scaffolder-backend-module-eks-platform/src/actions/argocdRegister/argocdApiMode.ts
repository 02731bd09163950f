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
import { PreparedStep, runPreparedSteps } from '../../lib/preparedSteps';
import { GitOpsSource, buildApplication } from './applicationManifest';
import { buildAppProject } from './appProjectManifest';
import { EnvironmentPlan, RegistrationPlan } from './argocdSpec';

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

interface ApiModeOptions {
  plan: RegistrationPlan;
  gitops: GitOpsSource;
  clientFor: (instance: ArgoCdInstanceConfig) => UpstreamHttpClient;
  caller: OwnershipCaller;
}

/** Reads the team's AppProject on `instance` and decides what to do with it. */
async function readProject(
  options: ApiModeOptions,
  instance: ArgoCdInstanceConfig,
): Promise<PlannedWrite> {
  const { plan, gitops, clientFor, caller } = options;
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
  return {
    kind: 'project',
    name: plan.project,
    instance,
    decision,
    desired,
    current: exists ? current.body : undefined,
    unchanged:
      decision === 'reconcile' &&
      managedView(current.body) === managedView(desired),
  };
}

/** Reads an environment's Application and decides what to do with it. */
async function readApplication(
  options: ApiModeOptions,
  env: EnvironmentPlan,
): Promise<PlannedWrite> {
  const { plan, gitops, clientFor, caller } = options;
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
  return {
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
  };
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
 * api mode: the team's AppProject (on every instance the environments use)
 * and each environment's Application through the Argo CD REST API, as
 * prepared steps: every object is read and decided before any is written
 * (another owner's or an unmarked object stops the whole registration with
 * a ConflictError), then the projects (an Application must name an
 * existing project) and the Applications are created or reconciled, each
 * write in its own checkpoint. An unchanged object is not written.
 */
export async function registerThroughApi(
  options: ApiModeOptions & {
    audit: AuditContext;
    ctx: Parameters<typeof runPreparedSteps>[0];
    logger: { info(m: string): void };
    done: string[];
  },
): Promise<void> {
  const { plan, clientFor, audit, ctx, logger, done } = options;
  const step = (
    kind: PlannedWrite['kind'],
    name: string,
    instance: ArgoCdInstanceConfig,
    read: () => Promise<PlannedWrite>,
  ): PreparedStep => ({
    key: `eks.argocd.api.${instance.name}.${kind}.${name}`,
    label: `${kind} ${name}`,
    async prepare() {
      const item = await read();
      const what = `${kind} ${name} on instance ${instance.name}`;
      return async () => {
        if (item.unchanged) {
          logger.info(`Argo CD ${what} already exists with this spec.`);
          return 'unchanged';
        }
        const result = await write(item, clientFor(instance), plan, audit);
        logger.info(`Argo CD ${what}: ${result}.`);
        return result;
      };
    },
  });
  const instances = [
    ...new Map(
      plan.environments.map(e => [e.instance.name, e.instance]),
    ).values(),
  ];
  await runPreparedSteps(
    ctx,
    [
      ...instances.map(instance =>
        step('project', plan.project, instance, () =>
          readProject(options, instance),
        ),
      ),
      ...plan.environments.map(env =>
        step('application', env.applicationName, env.instance, () =>
          readApplication(options, env),
        ),
      ),
    ],
    done,
  );
}
