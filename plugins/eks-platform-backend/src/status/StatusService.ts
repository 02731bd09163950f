import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  AlertsStatus,
  ArgoCdStatus,
  EntityPlatformStatus,
  SourceResult,
  StatusView,
  TracesStatus,
} from '@internal/backstage-plugin-eks-platform-common';
import { combineSnapshots } from '../cache/combineSnapshots';
import { readSnapshots } from '../cache/polling';
import { SnapshotStore } from '../cache/SnapshotStore';
import { PlatformConfig } from '../config/readPlatformConfig';
import { StoredAlert } from '../sources/alerts/alertmanagerPoller';
import { alertsForEntity } from '../sources/alerts/alertsForEntity';
import { alertFactsFor } from '../sources/alerts/alertFacts';
import {
  AlertFactsConfig,
  ownerReceivers,
} from '../sources/alerts/alertFactsConfig';
import { StoredAlertRule } from '../sources/alerts/alertRoutingPoller';
import { RouteNode } from '../sources/alerts/routingTree';
import { parseMatchers } from '../sources/alerts/matchers';
import { argoCdForEntity } from '../sources/argocd/argoCdForEntity';
import { StoredApplication } from '../sources/argocd/argoCdPoller';
import { KubernetesSource } from '../sources/kubernetes/KubernetesSource';
import { parseLabelSelector } from '../sources/labelSelector';
import { healthWithRegistration } from '../registration/pendingHealth';
import { RegistrationSource } from '../registration/RegistrationSource';
import { tracesForEntity } from '../sources/traces/tracesForEntity';
import { StoredTraces, TRACES_SOURCE } from '../sources/traces/tracesPoller';
import { readEntityTargets } from './entityTargets';
import { kubernetesVersionOf, StatusMemo } from './StatusMemo';
import { kubernetesTarget } from './kubernetesTarget';
import { withHttpLinksOnly } from './httpLinksOnly';
import { toSummaryView } from './summaryView';
import { withDeadline } from './withDeadline';
import { readExtraSources, withExtraHealth } from './extraSources';
import { EksPlatformStatusSource } from '@internal/backstage-plugin-eks-platform-node';

export const ALERTS_SOURCE = 'alerts';
/** Each Alertmanager's parsed routing tree (polled with the alerts). */
export const ALERT_ROUTING_SOURCE = 'alert-routing';
/** Prometheus' alerting rules (polled with the alerts). */
export const ALERT_RULES_SOURCE = 'alert-rules';
export const ARGOCD_SOURCE = 'argocd';

export interface PollTriggers {
  alerts(): void;
  argocd(): void;
  traces(): void;
}

function notConfigured<T>(hint: string): SourceResult<T> {
  return { state: 'not-configured', hint };
}

function badAnnotation<T>(
  annotation: string,
  message: string,
): SourceResult<T> {
  return {
    state: 'error',
    error: {
      upstream: 'catalog',
      message: `annotation ${annotation}: ${message}`,
    },
  };
}

/** Assembles an entity's status from the watch caches and the polled snapshots. */
export class StatusService {
  private readonly alertUis: Map<string, string>;
  private readonly argoUis: Map<string, string>;
  private readonly memo = new StatusMemo();
  /**
   * The polled sources' poll generations at which an answer's `fetchedAt`
   * were read: until the next poll, a remembered answer is served as is.
   */
  private readonly pollTimesAt = new WeakMap<EntityPlatformStatus, string>();

  constructor(
    private readonly options: {
      config: PlatformConfig;
      kubernetes: KubernetesSource;
      store: SnapshotStore;
      triggers: PollTriggers;
      logger: LoggerService;
      /** GitOps pull requests and CI runs of services not deployed yet. */
      registration?: RegistrationSource;
      /** Alert rules' Prometheus and the owners' receivers (scorecard facts). */
      alertFacts?: AlertFactsConfig;
      /** Sources backend modules added (eksPlatformStatusSourcesExtensionPoint). */
      extraSources?: EksPlatformStatusSource[];
    },
  ) {
    this.alertUis = new Map(
      options.config.alertmanagers.map(i => [i.name, i.uiUrl ?? i.url]),
    );
    this.argoUis = new Map(
      options.config.argocds.map(i => [i.name, i.uiUrl ?? i.url]),
    );
  }

  async statusOf(
    entity: Entity,
    view: StatusView = 'full',
  ): Promise<EntityPlatformStatus> {
    const { config, logger } = this.options;
    const targets = readEntityTargets(entity);
    // A custom selector's watch set stays alive only while it is read, so
    // those entities are always assembled (see README, Watch sets).
    const memoKey = targets.kubernetes?.labelSelector
      ? undefined
      : StatusMemo.keyOf(entity, view);
    const versions = memoKey ? await this.sourceVersions(targets) : '';
    const polled = memoKey ? await this.pollGenerations() : '';
    const memoized =
      memoKey && versions !== undefined && this.memo.get(memoKey, versions);
    if (memoized) {
      if (this.pollTimesAt.get(memoized) === polled) return memoized;
      const current = await this.withCurrentPollTimes(memoized, targets);
      if (current) {
        this.pollTimesAt.set(current, polled);
        if (current !== memoized)
          this.memo.remember(memoKey, versions!, current);
        return current;
      }
    }
    const onError = (source: string) => (error: unknown) =>
      logger.error(`Reading ${source} status failed`, error as Error);
    const registration = this.options.registration;
    // Started with the sources: one cached listing for the whole fleet.
    const pullRequest =
      registration?.openPullRequest(entity) ?? Promise.resolve(undefined);
    const extra = readExtraSources(
      this.options.extraSources ?? [],
      entity,
      onError,
    );
    const [kubernetes, alerts, traces, argocd] = await Promise.all([
      withDeadline(
        d => this.kubernetes(entity, targets, d),
        config.deadlineMs.kubernetes,
        'kubernetes',
        onError('kubernetes'),
      ),
      withDeadline(
        d => this.alerts(entity, targets, d),
        config.deadlineMs.alerts,
        'alertmanager',
        onError('alerts'),
      ),
      withDeadline(
        d => this.traces(targets, d),
        config.deadlineMs.traces,
        config.traces?.source ?? 'traces',
        onError('traces'),
      ),
      withDeadline(
        d => this.argocd(targets, d),
        config.deadlineMs.argocd,
        'argocd',
        onError('argocd'),
      ),
    ]);
    // Links come from upstreams and annotations: only http(s) leaves here.
    const sources = withHttpLinksOnly({ kubernetes, alerts, traces, argocd });
    // Health from the full data: the summary view shows the same verdict.
    const extraSources = await extra;
    const health = withExtraHealth(
      await healthWithRegistration({
        entity,
        sources,
        pullRequest,
        registration,
        deadlineMs: config.deadlineMs.argocd,
      }),
      extraSources,
    );
    const full: EntityPlatformStatus = {
      entityRef: stringifyEntityRef(entity),
      health,
      sources,
      ...(extraSources ? { extraSources } : {}),
    };
    const answer = view === 'summary' ? toSummaryView(full) : full;
    // A pending answer carries pull-request and CI links from caches with
    // their own lifetimes, which the source versions do not capture.
    if (memoKey && versions !== undefined && health.level !== 'pending') {
      this.memo.remember(memoKey, versions, answer);
      this.pollTimesAt.set(answer, polled);
    }
    return answer;
  }

  /**
   * Every source's version for one entity: its own Kubernetes objects'
   * (the whole watch caches' signature when it has no kubernetes-id), each
   * polled source's content generation (a poll that found the same data
   * leaves it alone) and, for traces, the content of the entity's own
   * service (live figures change every poll somewhere in a fleet);
   * undefined (no memo) when an added source has none. Poll times are not
   * part of it: a remembered answer gets the current ones on the way out
   * (withCurrentPollTimes).
   */
  private async sourceVersions(
    targets: ReturnType<typeof readEntityTargets>,
  ): Promise<string | undefined> {
    const { store, kubernetes } = this.options;
    const extra = this.options.extraSources ?? [];
    if (extra.some(source => !source.version)) return undefined;
    const service = targets.traceService;
    const generations = await Promise.all([
      ...[
        ALERTS_SOURCE,
        ALERT_ROUTING_SOURCE,
        ALERT_RULES_SOURCE,
        ARGOCD_SOURCE,
      ].map(source => store.generation(source)),
      this.options.config.traces && service
        ? store.contentVersion(TRACES_SOURCE, service)
        : '',
      ...extra.map(source => source.version!()),
    ]);
    const kubernetesId = targets.kubernetes?.id;
    const kubernetesVersion = kubernetesId
      ? kubernetesVersionOf(kubernetes.clusterWatchers, kubernetesId)
      : kubernetes.signature();
    return [kubernetesVersion, ...generations].join('|');
  }

  /** Changes after any poll of a source whose `fetchedAt` an answer shows. */
  private async pollGenerations(): Promise<string> {
    const { store } = this.options;
    const generations = await Promise.all(
      [ALERTS_SOURCE, ARGOCD_SOURCE, TRACES_SOURCE].map(source =>
        store.polledGeneration(source),
      ),
    );
    return generations.join('|');
  }

  /**
   * A remembered answer with the polled sources' `fetchedAt` of the latest
   * poll (a poll that found the same data leaves the content generations,
   * and so the memo, alone, but "updated x ago" must stay true): the same
   * object when none moved, else a shallow copy. Undefined when a polled
   * source the answer shows as `ok` is no longer (its snapshot is gone or
   * failing): then the answer is assembled again, never repeated.
   */
  private async withCurrentPollTimes(
    answer: EntityPlatformStatus,
    targets: ReturnType<typeof readEntityTargets>,
  ): Promise<EntityPlatformStatus | undefined> {
    const { store, config } = this.options;
    const polled = {
      alerts: config.alertmanagers.map(i => i.name),
      argocd: this.argoCdInstances(targets).map(i => i.name),
      traces: targets.traceService ? [targets.traceService] : [],
    };
    const sourceOf = {
      alerts: ALERTS_SOURCE,
      argocd: ARGOCD_SOURCE,
      traces: TRACES_SOURCE,
    };
    const patched: Record<string, SourceResult<unknown>> = {};
    for (const name of ['alerts', 'argocd', 'traces'] as const) {
      const result = answer.sources[name];
      if (result.state !== 'ok') continue;
      const combined = combineSnapshots(
        await Promise.all(
          polled[name].map(async instance => ({
            instance,
            upstream: instance,
            snapshot: await store.get(sourceOf[name], instance),
          })),
        ),
      );
      if (combined.state !== 'ok' || combined.usable.length === 0)
        return undefined;
      if (combined.fetchedAt !== result.fetchedAt) {
        patched[name] = { ...result, fetchedAt: combined.fetchedAt };
      }
    }
    if (Object.keys(patched).length === 0) return answer;
    const sources = { ...answer.sources, ...patched };
    return { ...answer, sources: sources as EntityPlatformStatus['sources'] };
  }

  /** The Argo CD instances an entity's applications are looked up in. */
  private argoCdInstances(targets: ReturnType<typeof readEntityTargets>) {
    const all = this.options.config.argocds;
    const instance = targets.argocd?.instance;
    return instance ? all.filter(i => i.name === instance) : all;
  }

  private async kubernetes(
    entity: Entity,
    targets: ReturnType<typeof readEntityTargets>,
    deadline: number,
  ) {
    if (!this.options.kubernetes.configured) {
      return notConfigured<any>(
        'configure clusters in kubernetes.clusterLocatorMethods (type: config)',
      );
    }
    if (!targets.kubernetes) {
      return notConfigured<any>(
        'add the backstage.io/kubernetes-id annotation (or backstage.io/kubernetes-label-selector)',
      );
    }
    const target = kubernetesTarget(
      entity,
      targets.kubernetes,
      this.options.config.namespaces,
    );
    if ('annotation' in target)
      return badAnnotation<any>(target.annotation, target.message);
    return this.options.kubernetes.forEntity(target, deadline);
  }

  private async alerts(
    entity: Entity,
    targets: ReturnType<typeof readEntityTargets>,
    deadline: number,
  ): Promise<SourceResult<AlertsStatus>> {
    const instances = this.options.config.alertmanagers;
    if (instances.length === 0)
      return notConfigured('configure eksPlatform.alertmanager.instances');
    if (!targets.alertMatchers) {
      return notConfigured(
        'add the eks.platform/alert-matchers or backstage.io/kubernetes-id annotation',
      );
    }
    let matchers;
    try {
      matchers = parseMatchers(targets.alertMatchers);
    } catch (e) {
      return badAnnotation('eks.platform/alert-matchers', (e as Error).message);
    }
    const snapshots = await readSnapshots<StoredAlert[]>({
      store: this.options.store,
      source: ALERTS_SOURCE,
      instances: instances.map(i => i.name),
      deadline,
      trigger: this.options.triggers.alerts,
    });
    const combined = combineSnapshots(
      instances.map(i => ({
        instance: i.name,
        upstream: `alertmanager/${i.name}`,
        snapshot: snapshots.get(i.name),
      })),
    );
    const result = alertsForEntity(combined, matchers, this.alertUis);
    if (!result.data) return result;
    const facts = await this.alertFacts(entity, matchers);
    return { ...result, data: { ...result.data, ...facts } };
  }

  /**
   * Rules and routing of the entity's alerts, from their polled snapshots.
   * Never waited for: they are polled with the alerts, so a view that has
   * alerts has them too, unless their upstream failed (then they are absent).
   */
  private async alertFacts(
    entity: Entity,
    matchers: ReturnType<typeof parseMatchers>,
  ) {
    const deadline = Date.now();
    const { store, triggers } = this.options;
    const config = this.options.alertFacts;
    const instances = this.options.config.alertmanagers.map(i => i.name);
    const prometheus = config?.prometheus?.name;
    const [trees, rules] = await Promise.all([
      readSnapshots<RouteNode>({
        store,
        source: ALERT_ROUTING_SOURCE,
        instances,
        deadline,
        trigger: triggers.alerts,
      }),
      prometheus
        ? readSnapshots<StoredAlertRule[]>({
            store,
            source: ALERT_RULES_SOURCE,
            instances: [prometheus],
            deadline,
            trigger: triggers.alerts,
          })
        : undefined,
    ]);
    const ruleData = prometheus ? rules?.get(prometheus)?.data : undefined;
    const owner = entity.spec?.owner;
    let ownerRef: string | undefined;
    if (typeof owner === 'string') {
      try {
        ownerRef = stringifyEntityRef(
          parseEntityRef(owner, {
            defaultKind: 'group',
            defaultNamespace: entity.metadata.namespace ?? 'default',
          }),
        );
      } catch {
        ownerRef = undefined;
      }
    }
    return alertFactsFor({
      matchers,
      rules:
        prometheus && ruleData ? { prometheus, rules: ruleData } : undefined,
      trees: instances.flatMap(name => {
        const tree = trees.get(name)?.data;
        return tree ? [{ alertmanager: name, tree }] : [];
      }),
      ownerReceivers: ownerReceivers(
        config ?? { teamReceivers: new Map() },
        ownerRef,
      ),
    });
  }

  private async traces(
    targets: ReturnType<typeof readEntityTargets>,
    deadline: number,
  ): Promise<SourceResult<TracesStatus>> {
    const config = this.options.config.traces;
    if (!config)
      return notConfigured(
        'configure eksPlatform.traces (jaeger or prometheus)',
      );
    if (!targets.traceService)
      return notConfigured('add the jaegertracing.io/service-name annotation');
    const service = targets.traceService;
    const snapshots = await readSnapshots<StoredTraces>({
      store: this.options.store,
      source: TRACES_SOURCE,
      instances: [service],
      deadline,
      trigger: this.options.triggers.traces,
    });
    return tracesForEntity(snapshots.get(service), service, config);
  }

  private async argocd(
    targets: ReturnType<typeof readEntityTargets>,
    deadline: number,
  ): Promise<SourceResult<ArgoCdStatus>> {
    const all = this.options.config.argocds;
    if (all.length === 0)
      return notConfigured('configure eksPlatform.argocd.instances');
    const target = targets.argocd;
    if (!target)
      return notConfigured(
        'add the argocd/app-name or argocd/app-selector annotation',
      );
    const instances = this.argoCdInstances(targets);
    if (instances.length === 0) {
      return badAnnotation(
        'argocd/instance-name',
        `no Argo CD instance named '${target.instance}' is configured`,
      );
    }
    let selector;
    if (target.appSelector) {
      try {
        selector = parseLabelSelector(target.appSelector);
      } catch (e) {
        return badAnnotation('argocd/app-selector', (e as Error).message);
      }
    }
    const snapshots = await readSnapshots<StoredApplication[]>({
      store: this.options.store,
      source: ARGOCD_SOURCE,
      instances: instances.map(i => i.name),
      deadline,
      trigger: this.options.triggers.argocd,
    });
    const combined = combineSnapshots(
      instances.map(i => ({
        instance: i.name,
        upstream: `argocd/${i.name}`,
        snapshot: snapshots.get(i.name),
      })),
    );
    return argoCdForEntity(
      combined,
      { appName: target.appName, selector },
      this.argoUis,
    );
  }
}
