import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  canonicalEntityRef,
  EnvironmentConfig,
  isDnsLabel,
  resolveTeam,
  TenancyConfig,
} from '@internal/backstage-plugin-eks-platform-node';

const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';
const ANNOTATION_KUBERNETES_NAMESPACE = 'backstage.io/kubernetes-namespace';
/** A named or numbered container port of the peer; default the chart's `http`. */
const ANNOTATION_PORT = 'eks.platform/port';

/** Component types the platform deploys as workloads with a Service. */
const DEPLOYABLE_TYPES = ['service', 'website'];

/** A peer's workload in one environment, as the chart's NetworkPolicy takes it. */
export interface PeerWorkload {
  entityRef: string;
  name: string;
  namespace: string;
  port: string;
}

/** A chosen peer: the ref the user picked and the Components it stands for. */
export interface ResolvedPeer {
  /** What was chosen, canonical: a Component, or an API for dependencies. */
  entityRef: string;
  kind: 'component' | 'api';
  /** The deployable Components (the API's providers, or the Component itself). */
  components: Entity[];
}

interface PeerContext {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  /** The new service: never its own peer. */
  serviceRef: string;
}

function refuse(field: string, value: string, why: string): never {
  throw new InputError(
    `Invalid input "${field}": ${JSON.stringify(value.slice(0, 200))} ${why}`,
  );
}

/** The catalog entity, read with the user's credentials: unreadable is absent. */
async function readEntity(
  ctx: PeerContext,
  field: string,
  ref: string,
): Promise<Entity> {
  const entity = await ctx.catalog.getEntityByRef(ref, {
    credentials: ctx.credentials,
  });
  if (!entity) {
    refuse(
      field,
      ref,
      'is not in the catalog, or you may not read it; pick an entity from the catalog.',
    );
  }
  return entity;
}

/** A Component the platform can reach: a service type with a kubernetes-id. */
function checkDeployable(field: string, ref: string, entity: Entity): Entity {
  const type = String(entity.spec?.type ?? '');
  const id = entity.metadata.annotations?.[ANNOTATION_KUBERNETES_ID];
  if (!DEPLOYABLE_TYPES.includes(type) || !id) {
    refuse(
      field,
      ref,
      `is not a deployable service: it needs spec.type ${DEPLOYABLE_TYPES.join(
        ' or ',
      )} and the ${ANNOTATION_KUBERNETES_ID} annotation (it has type "${type}"${
        id ? '' : ' and no kubernetes-id'
      }).`,
    );
  }
  if (!isDnsLabel(id)) {
    refuse(
      field,
      ref,
      `has a ${ANNOTATION_KUBERNETES_ID} that is not a DNS label; its owners must fix the annotation.`,
    );
  }
  return entity;
}

/**
 * Resolves the chosen refs: each must exist and be readable with the
 * user's credentials (the catalog applies the permission policy), be a
 * Component (or, where `kinds` allows, an API whose providers are), and be
 * deployable. Nothing is written anywhere.
 */
export async function resolvePeers(
  ctx: PeerContext,
  field: string,
  values: string[],
  kinds: Array<'component' | 'api'>,
  max: number,
): Promise<ResolvedPeer[]> {
  if (values.length > max) {
    throw new InputError(
      `Invalid input "${field}": at most ${max} entries, got ${values.length}.`,
    );
  }
  const seen = new Set<string>();
  const peers: ResolvedPeer[] = [];
  for (const [i, value] of values.entries()) {
    const at = `${field}[${i}]`;
    const ref = canonicalEntityRef(value, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
    if (!ref) {
      refuse(
        at,
        String(value),
        'is not an entity ref such as "component:default/checkout".',
      );
    }
    const kind = ref.slice(0, ref.indexOf(':'));
    if (!(kinds as string[]).includes(kind)) {
      refuse(at, ref, `must be a ${kinds.join(' or an ')} entity.`);
    }
    if (ref === ctx.serviceRef) {
      refuse(at, ref, 'is the service itself.');
    }
    if (seen.has(ref)) continue;
    seen.add(ref);
    const entity = await readEntity(ctx, at, ref);
    if (kind === 'component') {
      peers.push({
        entityRef: ref,
        kind: 'component',
        components: [checkDeployable(at, ref, entity)],
      });
      continue;
    }
    // An API stands for the Components that provide it.
    const providers = (entity.relations ?? [])
      .filter(r => r.type === 'apiProvidedBy')
      .map(r => r.targetRef)
      .filter(r => r.startsWith('component:'));
    if (providers.length === 0) {
      refuse(
        at,
        ref,
        'is provided by no Component in the catalog, so nothing can be reached.',
      );
    }
    const components: Entity[] = [];
    for (const provider of providers) {
      if (provider === ctx.serviceRef) continue;
      const component = await readEntity(
        ctx,
        `${at} (provider ${provider})`,
        provider,
      );
      components.push(
        checkDeployable(`${at} (provider ${provider})`, provider, component),
      );
    }
    peers.push({ entityRef: ref, kind: 'api', components });
  }
  return peers;
}

/**
 * Where a peer Component runs in an environment: its kubernetes-id, and its
 * namespace annotation or else its owner's namespace there (the team's
 * configured namespaces or the environment's pattern).
 */
export function peerWorkload(
  component: Entity,
  env: EnvironmentConfig,
  tenancy: TenancyConfig,
): PeerWorkload {
  const entityRef = stringifyEntityRef(component);
  const name = component.metadata.annotations![ANNOTATION_KUBERNETES_ID];
  const annotated =
    component.metadata.annotations?.[ANNOTATION_KUBERNETES_NAMESPACE];
  let namespace = annotated;
  if (namespace === undefined) {
    const owner = canonicalEntityRef(component.spec?.owner, {
      defaultKind: 'group',
      defaultNamespace: component.metadata.namespace ?? 'default',
      kinds: ['group'],
    });
    namespace = owner
      ? resolveTeam(tenancy, owner).namespacesIn(env, name)[0]
      : undefined;
  }
  if (!namespace || !isDnsLabel(namespace)) {
    throw new InputError(
      `${entityRef} has no namespace in environment "${env.name}": it needs a valid ${ANNOTATION_KUBERNETES_NAMESPACE} annotation or a group owner with a namespace there.`,
    );
  }
  const port = component.metadata.annotations?.[ANNOTATION_PORT] ?? 'http';
  if (
    !/^([a-z]([-a-z0-9]{0,13}[a-z0-9])?|[1-9][0-9]{0,4})$/.test(port) ||
    Number(port) > 65535
  ) {
    throw new InputError(
      `${entityRef} has an ${ANNOTATION_PORT} annotation "${port.slice(
        0,
        20,
      )}" that is neither a port name nor a port number.`,
    );
  }
  return { entityRef, name, namespace, port };
}
