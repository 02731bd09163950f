export interface Config {
  eksPlatform?: {
    argocd?: {
      /** Argo CD instances the eks:argocd:register action can target, by name. */
      instances?: Array<{
        /** Name used by the action's `instance` input. */
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
      /** How the scaffolder authenticates to Vault. */
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
    };
    ecr?: {
      /** Default AWS region for eks:ecr:create. */
      region?: string;
      /** Default AWS account for eks:ecr:create; credentials come from aws.accounts[]. */
      accountId?: string;
      /** Custom ECR endpoint (VPC endpoint or the local sandbox). */
      endpoint?: string;
    };
    gitops?: {
      /** GitOps repository in RepoUrlPicker format, e.g. github.com?owner=acme&repo=gitops */
      repoUrl?: string;
      /** Branch the pull requests target; default main. */
      baseBranch?: string;
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
  };
}
