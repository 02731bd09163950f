/*
 * The `eksPlatform.*` keys shared by the EKS platform backend plugins: the
 * scaffolder actions and the status backend both read them through this
 * package. Keys only one plugin reads stay in that plugin's config.d.ts
 * (the status backend: alertmanager, traces, status).
 */
export interface Config {
  /** Configuration of the EKS platform plugins. */
  eksPlatform?: {
    /** Argo CD instances: the actions register Applications, the status backend reads them. */
    argocd?: {
      instances?: Array<{
        /** Name used by the action's `instance` input and the `argocd/instance-name` annotation. */
        name: string;
        /** API base URL, e.g. https://argocd.example.com */
        url: string;
        /**
         * API token of an Argo CD account allowed to manage applications.
         * @visibility secret
         */
        token: string;
        /** UI base URL for links; defaults to url. */
        uiUrl?: string;
        /** Namespace holding Application resources; default argocd. */
        namespace?: string;
        /**
         * Token of a read-only Argo CD account (RBAC `applications, get`)
         * for the generated release workflow's health gate:
         * eks:github:repo:configure stores it as the environment secret
         * ARGOCD_TOKEN of the service repository's environments on this
         * instance (with ARGOCD_URL = uiUrl). Optional: without it, set
         * ARGOCD_TOKEN as an organisation secret.
         * @visibility secret
         */
        promotionToken?: string;
      }>;
    };
    vault?: {
      /** Vault address, e.g. https://vault.example.com:8200 */
      url: string;
      /** Vault Enterprise namespace (X-Vault-Namespace); optional. */
      namespace?: string;
      /** KV version 2 mount; default secret. */
      kvMount?: string;
      /** Kubernetes auth mount; default kubernetes. */
      kubernetesAuthMount?: string;
      /** Database secrets engine mount; default database. */
      databaseMount?: string;
      /** How the platform authenticates to Vault. */
      auth:
        | {
            method: 'token';
            /**
             * Vault token.
             * @visibility secret
             */
            token: string;
          }
        | {
            method: 'approle';
            /** AppRole role ID. */
            roleId: string;
            /**
             * AppRole secret ID.
             * @visibility secret
             */
            secretId: string;
            /** AppRole auth mount; default approle. */
            mount?: string;
          };
      /**
       * Creation statements of database roles, by template name. Users pick
       * a template; they never write SQL. Each template must create the user
       * "{{name}}" Vault generates, e.g.
       * `readwrite: ['CREATE ROLE "{{name}}" WITH LOGIN PASSWORD ...', 'GRANT ... TO "{{name}}";']`
       */
      databaseRoleTemplates?: {
        [templateName: string]: string[];
      };
    };
    ecr?: {
      /** Default AWS region of image repositories. */
      region?: string;
      /** Default AWS account (12 digits); credentials come from aws.accounts[]. */
      accountId?: string;
      /** Custom ECR endpoint (VPC endpoint or the local sandbox). */
      endpoint?: string;
    };
    /**
     * Template upgrades (eks:template:upgrade): where each upgradable
     * template's versions live. Old versions are read from the git history
     * of the repository holding the template (see docs/template-upgrades.md).
     */
    templateUpgrades?: {
      templates?: Array<{
        /** The Template entity, e.g. template:default/eks-service. */
        ref: string;
        /**
         * The git repository holding the template: a local clone's folder
         * (relative to the backend's working directory) or a clone URL of a
         * configured GitHub integration host.
         */
        repository: string;
        /** The template's folder inside the repository, e.g. templates/eks-service. */
        path: string;
      }>;
    };
    gitops?: {
      /** GitOps repository in RepoUrlPicker format, e.g. github.com?owner=acme&repo=gitops */
      repoUrl?: string;
      /** Branch the pull requests target; default main. */
      baseBranch?: string;
    };
    /** What the golden path writes into a generated service's alert rules. */
    alerts?: {
      /**
       * The runbook page a service's alerts link; `{service}` is replaced by
       * its name and `#<alert name in lower case>` appended. https (http only
       * on localhost / 127.0.0.1). Default: the service's TechDocs runbook on
       * this portal, `<app.baseUrl>/docs/default/component/{service}/runbook/`.
       */
      runbookBaseUrl?: string;
    };
    /** Timeouts and retries for every upstream call of the eks:* actions. */
    actions?: {
      /** Timeout per attempt in milliseconds; default 10000. */
      timeoutMs?: number;
      retry?: {
        /** Attempts including the first; default 4. */
        attempts?: number;
        /** First backoff delay in milliseconds (doubled per attempt, jittered); default 250. */
        baseDelayMs?: number;
        /** Maximum delay, also caps Retry-After; default 10000. */
        maxDelayMs?: number;
      };
    };

    /**
     * Groups whose members are platform admins: only they may adopt a
     * pre-existing resource that carries no owner marker (the actions'
     * `adoptExisting: true` input). Group entity refs, e.g.
     * `group:default/platform`. Empty: nobody.
     */
    platformAdmins?: string[];

    /**
     * Allow-lists that no template input can widen. Every list fails
     * closed: an empty or missing list allows nothing.
     */
    tenancy?: {
      /** GitHub organisations service repositories may live in (the GitOps repository aside). */
      githubOrganizations?: string[];
      /** Namespaces nobody may deploy to, in addition to default and kube-*. */
      reservedNamespaces?: string[];
      /** Vault policy and role names nobody may write, in addition to default and root. */
      reservedVaultNames?: string[];
      /** Hosts (`host` or `host:port`) Argo CD may pull charts from. */
      chartRepositoryHosts?: string[];
      /** AWS accounts (12 digits, quoted) an ECR repository may grant cross-account pull to. */
      ecrPullAccounts?: string[];
      /**
       * Accept loopback addresses (127.0.0.0/8, ::1, localhost) in upstream
       * URLs. Only for the local sandbox profile (app-config.yaml); refused
       * when auth.environment is production. Link-local and cloud metadata
       * addresses are never accepted.
       */
      allowLoopback?: boolean;
      /** Per-team overrides; a team not listed gets everything derived from its group name. */
      teams?: Array<{
        /** Group entity ref, e.g. group:default/checkout. */
        group: string;
        /** Namespaces the team may use; default: each environment's namespacePattern with {team}. */
        namespaces?: string[];
        /** The team's Argo CD AppProject; default: the group's name. */
        argocdProject?: string;
        /** Connections of the Vault database engine the team's services may use. */
        vaultDatabaseConnections?: string[];
      }>;
    };

    /**
     * Deployment environments the golden-path form offers. Developers pick
     * one by name; accounts, clusters and URLs come from here.
     */
    environments?: Array<{
      /** Short name, e.g. dev, stage, prod. */
      name: string;
      /** What the golden-path form shows for it (served by GET /api/eks-platform/v1/environments), e.g. "Development"; default the name. */
      title?: string;
      /** One line on what the environment is for, shown in the form. */
      description?: string;
      /** A cluster name from kubernetes.clusterLocatorMethods. */
      cluster: string;
      argocd: {
        /** Name of an instance under eksPlatform.argocd.instances. */
        instance: string;
        /** Argo CD destination server URL (exactly one of destinationServer and destinationName). */
        destinationServer?: string;
        /** Argo CD destination cluster name. */
        destinationName?: string;
      };
      /** Namespace of a team's service: {team}, {env} and {service} are filled in. Default {team}. */
      namespacePattern?: string;
      ingress?: {
        /** IngressClass, e.g. alb. */
        className: string;
        /** CIDRs allowed to reach the service's ingress. */
        sourceRanges?: string[];
      };
      vault?: {
        /** Kubernetes auth mount of this environment's cluster; default eksPlatform.vault.kubernetesAuthMount. */
        kubernetesAuthMount?: string;
      };
      aws?: {
        /** Account of the environment (12 digits, quoted); default eksPlatform.ecr.accountId. */
        accountId?: string;
        /** Region of the environment; default eksPlatform.ecr.region. */
        region?: string;
      };
      /** automatic: deploy on merge; pull-request: promotion by a reviewed pull request. Default pull-request. */
      promotion?: 'automatic' | 'pull-request';
      /**
       * The environment's event bus (Amazon MSK with IAM access control).
       * Services that choose Kafka get these brokers and an egress rule to
       * these CIDRs; the form asks only for topics and the consumer group.
       */
      kafka?: {
        /** MSK cluster name (the runtime Terraform looks the cluster up by it). */
        clusterName: string;
        /** MSK cluster ARN, arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>. */
        clusterArn?: string;
        /** IAM bootstrap brokers, host:port (port 9098); no scheme, no internal addresses. */
        bootstrapBrokers: string[];
        /** Subnets of the brokers (CIDRs; 0.0.0.0/0 and ::/0 are refused). */
        brokerCidrs: string[];
      };
    }>;

    /**
     * The databases behind the connections of Vault's database secrets
     * engine (the names teams list in tenancy.teams[].vaultDatabaseConnections),
     * per environment: the chart's database.* values and the service's
     * DATABASE_* variables come from here.
     */
    databases?: Array<{
      /** The Vault database connection name, e.g. orders-db. */
      connection: string;
      /** By environment name (eksPlatform.environments[].name). */
      environments: {
        [environment: string]: {
          /** Server host name, e.g. orders.abc123.eu-west-1.rds.amazonaws.com (no scheme, no port). */
          host: string;
          /** Database name. */
          name: string;
          /** Default 5432. */
          port?: number;
          /** verify-full (default), require, or disable (refused when auth.environment is production). */
          sslMode?: 'verify-full' | 'require' | 'disable';
          /** Name of the CA bundle ConfigMap the platform provides in team namespaces, e.g. rds-global; required with verify-full. */
          caBundle?: string;
          /** Largest connection pool per pod, 1-100; default 10. */
          poolMax?: number;
          /** Subnets of the database (CIDRs; 0.0.0.0/0 and ::/0 are refused). */
          cidrs: string[];
        };
      };
    }>;
  };
}
