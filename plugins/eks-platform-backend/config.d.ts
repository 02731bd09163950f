export interface Config {
  /** Configuration of the EKS platform plugins. */
  eksPlatform?: {
    /*
     * Kubernetes clusters are NOT listed here: the status backend reads the
     * standard `kubernetes.clusterLocatorMethods` block (type `config`), so a
     * cluster is described once for both the stock Kubernetes tab and this
     * plugin, with the same auth providers (serviceAccount, aws, ...).
     */

    /*
     * eksPlatform.argocd.instances (read here for the Argo CD state) is
     * declared by @internal/backstage-plugin-eks-platform-node with the
     * other shared keys.
     */

    /**
     * The example status-source module (eksPlatformModuleHealthProbe, see
     * docs/extending.md): where services' health endpoints are, `{name}`
     * being the entity's name, e.g. `https://{name}.internal.example.com`.
     */
    /**
     * The fleet page's upgrade pull-request states (docs/template-upgrades.md):
     * a background refresh asks GitHub about the upgrade pull requests of
     * services behind their template. (`templates` is declared by
     * @internal/backstage-plugin-eks-platform-node.)
     */
    templateUpgrades?: {
      pullRequestRefresh?: {
        /** Minutes between refreshes; default 10. A state unconfirmed for 3 periods is shown as stale. */
        frequencyMinutes?: number;
        /** GitHub calls one refresh makes at most; default 200. */
        batchSize?: number;
        /** GitHub calls in flight at once; default 4. */
        concurrency?: number;
      };
    };

    healthProbe?: {
      baseUrl: string;
    };

    /** Alertmanager instances whose alerts the status backend reads (API v2). */
    alertmanager?: {
      instances: Array<{
        /** Name shown in the status, e.g. `main` or `eu-west-1`. */
        name: string;
        /** Base URL of the Alertmanager API, e.g. http://alertmanager:9093. */
        url: string;
        /** Base URL of the Alertmanager UI, for links. Defaults to `url`. */
        uiUrl?: string;
        /**
         * Optional bearer token sent to Alertmanager (behind an auth proxy).
         * @visibility secret
         */
        token?: string;
      }>;
    };

    /** What the readiness scorecard reads about a service's alerts. */
    alerts?: {
      /**
       * The Prometheus whose alerting rules (`/api/v1/rules`) are matched
       * against each service's alert matchers. Default: the Prometheus of
       * `traces.prometheus`, when configured.
       */
      prometheus?: {
        /** Name shown in the status. Default `main`. */
        name?: string;
        url: string;
        /**
         * Optional bearer token.
         * @visibility secret
         */
        token?: string;
      };
      /**
       * Alertmanager receivers of each owning group; a service's alerts
       * "reach the owner" when they route to one of them. A group not
       * listed owns the receiver named like it (`group:default/payments`
       * → `payments`).
       */
      teamReceivers?: Array<{
        /** Group entity ref, e.g. `group:default/payments`. */
        group: string;
        receivers: string[];
      }>;
    };

    /** Request rate, error ratio and latency per service. */
    traces?: {
      /** Where the RED metrics come from. Default `jaeger`. */
      source?: 'jaeger' | 'prometheus';
      /** Jaeger query service: SPM metrics (`/api/metrics`) and API v3 for error trace links. */
      jaeger?: {
        url: string;
        /** Base URL of the Jaeger UI, for links. Defaults to `url`. */
        uiUrl?: string;
      };
      /** Prometheus holding the OpenTelemetry span metrics (`traces_span_metrics_*`). */
      prometheus?: {
        url: string;
      };
      /** Window of the current figures, in minutes. Default 5. */
      windowMinutes?: number;
    };

    /** The status API. */
    status?: {
      /** Deadline of each source on a status request, in milliseconds. */
      deadlineMs?: {
        kubernetes?: number;
        alerts?: number;
        traces?: number;
        argocd?: number;
      };
      /** How often the polled sources are refreshed, in seconds (one poller across all instances). */
      refreshSeconds?: {
        alerts?: number;
        traces?: number;
        argocd?: number;
      };
      /** How the Kubernetes watch caches talk to the clusters. */
      kubernetes?: {
        /**
         * Absolute deadline of one LIST page's request, headers to last
         * byte; also how long a WATCH may take to answer. Default 10000.
         */
        listTimeoutMs?: number;
        /**
         * Absolute deadline of one whole LIST, all its pages; at least
         * listTimeoutMs. Default 60000.
         */
        listTotalTimeoutMs?: number;
        /**
         * Largest body of one LIST page, and largest single WATCH event, in
         * MB; a larger answer is cut off and reported. Default 32.
         */
        maxResponseMB?: number;
        /** Objects per LIST page (`limit`/`continue`); 0 lists unpaged. Default 500. */
        listPageSize?: number;
        /** Watch sets of entities with a backstage.io/kubernetes-label-selector, per cluster. */
        customSelectors?: {
          /** A set nobody read for this long is stopped. Default 15. */
          idleMinutes?: number;
          /** Sets one owning group (spec.owner) may hold. Default 10. */
          maxPerOwner?: number;
          /** Sets all owners together may hold. Default 100. */
          maxTotal?: number;
        };
      };
      /*
       * eksPlatform.status.query.maxEntities (entity refs per summary batch,
       * default 500) is declared by the frontend plugin: the fleet page
       * needs it too.
       */
      query?: {
        /** Entity refs per `POST /v1/status/query` with `view: full`. Default 50. */
        maxFullEntities?: number;
      };
      /**
       * Per-caller token bucket over entity reads (one per entity of a
       * batch, one per single-entity request), per backend instance;
       * answered 429 with Retry-After when empty.
       */
      rateLimit?: {
        /** Refill rate, entity reads per second. Default 100. */
        entitiesPerSecond?: number;
        /** Bucket size; at least the largest batch allowed. Default 2000. */
        burst?: number;
      };
      /**
       * Who may read which entity, remembered per caller and entity so a
       * status view does not cost a catalog read and permission checks
       * each time. Only allowed reads are kept; a revoked permission or a
       * changed entity shows after at most ttlSeconds.
       */
      accessCache?: {
        /** Default 5; 0 turns the cache off. */
        ttlSeconds?: number;
        /** Default 5000 (caller, entity) entries. */
        maxEntries?: number;
      };
    };

    /**
     * The production-readiness scorecard (see docs/scorecard.md): the
     * thresholds of the standard, and which rules apply where.
     */
    scorecard?: {
      /** Ready replicas (and zones) a service needs where the replica rules apply. Default 3. */
      minReplicas?: number;
      /** Minutes an HPA may stay pinned at its maximum before hpa-not-pinned-at-max fails. Default 30. */
      hpaPinnedMaxMinutes?: number;
      /** Highest acceptable trace error ratio over the last 15 minutes, 0..1. Default 0.01. */
      traceErrorObjective?: number;
      /** Image findings of this severity or worse fail image-scan-clean. Default `critical`. */
      imageSeverityThreshold?: 'critical' | 'high';
      /** The daily score history in the backend's database. */
      history?: {
        /** How often the day's scores are written, in minutes. Default 60. */
        frequencyMinutes?: number;
        /** Days kept; older rows are deleted. Default 400. */
        retentionDays?: number;
      };
      /** Per rule id (built-in or from a module): turn it off, change its severity or where it applies. */
      rules?: {
        [ruleId: string]: {
          /** Default true. */
          enabled?: boolean;
          severity?: 'critical' | 'high' | 'medium' | 'low';
          /** Replaces the rule's default; an empty or missing list means everywhere. */
          appliesTo?: {
            /** Catalog spec.lifecycle values, e.g. production. */
            lifecycles?: string[];
            /** Platform environment names (eksPlatform.environments[].name), e.g. prod. */
            environments?: string[];
          };
        };
      };
    };
  };
}
