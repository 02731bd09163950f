import { Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { GithubCredentialsProvider } from '@backstage/integration';
import {
  ANNOTATION_GITHUB_PROJECT_SLUG,
  ANNOTATION_TEMPLATE_REF,
} from '@internal/backstage-plugin-eks-platform-common';
import { ChangeAuthorship } from '../clients/github/changeAuthorship';
import { githubAccess } from '../clients/github/githubAccess';
import { GithubClient } from '../clients/github/GithubClient';
import {
  GithubRepoRef,
  parseGithubRepoUrl,
} from '../clients/github/parseGithubRepoUrl';
import { CallPolicy } from '../config/callPolicy';
import { CallerIdentity } from '../identity/CallerIdentity';
import {
  findTemplateSource,
  openTemplateHistory,
  readTemplateSources,
  TemplateSource,
} from './templateSources';
import {
  upgradeBranch,
  upgradeService,
  UpgradeServiceResult,
} from './upgradeService';
import {
  checkServiceRepository,
  resolveUpgradeTrust,
  UpgradeTrust,
  UpgradeTrustDeps,
} from './upgradeTrust';

/** The scaffolder action's id; also the trailer every upgrade commit carries. */
export const TEMPLATE_UPGRADE_ACTION_ID = 'eks:template:upgrade';

/** The service's repository from its annotations: project slug on the host it was registered from. */
export function serviceRepoUrl(entity: Entity): string | undefined {
  const slug = entity.metadata.annotations?.[ANNOTATION_GITHUB_PROJECT_SLUG];
  const location =
    entity.metadata.annotations?.['backstage.io/source-location'] ??
    entity.metadata.annotations?.['backstage.io/managed-by-location'];
  const match = /^url:(https?:\/\/[^/]+)/.exec(location ?? '');
  if (!slug || !match || !/^[\w.-]+\/[\w.-]+$/.test(slug)) return undefined;
  const [owner, repo] = slug.split('/');
  return `${new URL(match[1]).host}?owner=${owner}&repo=${repo}`;
}

/**
 * One writer for every upgrade branch, whoever asked (a template, an agent,
 * the portal's button): the commit's identity and trailers are the same, so
 * a re-run from any of them updates the branch the other wrote instead of
 * refusing it as someone else's work.
 */
function upgradeAuthorship(trust: UpgradeTrust): ChangeAuthorship {
  return {
    identity: {
      name: 'EKS Platform (Backstage)',
      email: 'eks-platform@backstage.invalid',
    },
    trailers: {
      'Eks-Platform-Action': TEMPLATE_UPGRADE_ACTION_ID,
      'Eks-Platform-Entity-Ref': trust.entityRef,
      'Eks-Platform-Owner-Ref': trust.ownerRef,
    },
    description: `${TEMPLATE_UPGRADE_ACTION_ID} for ${trust.entityRef} (owner ${trust.ownerRef})`,
  };
}

export interface ServiceUpgradesOptions extends UpgradeTrustDeps {
  config: Config;
  githubCredentialsProvider?: GithubCredentialsProvider;
  callPolicy?: CallPolicy;
}

/** Who may upgrade which service from which repository with which template: checked, nothing read from GitHub yet. */
export interface AuthorizedUpgrade {
  trust: UpgradeTrust;
  repoUrl: string;
  ref: GithubRepoRef;
  source: TemplateSource;
}

export interface AuthorizeUpgradeRequest {
  entityRef: string;
  /** Default: the entity's github.com/project-slug on the host it was registered from. */
  repoUrl?: string;
  /** Default: the entity's eks.platform/template-ref, or the only configured template. */
  templateRef?: string;
  /** Adoption is asked for (platform admins only). */
  adopt: boolean;
}

export interface RunUpgradeRequest {
  targetVersion?: string;
  values?: Record<string, unknown>;
  adopt?: { version: string; values?: Record<string, unknown> };
  dryRun: boolean;
}

/** The upgrade pull request of a service as GitHub has it. */
export interface UpgradePullRequestState {
  url: string;
  number: number;
  state: 'open' | 'closed' | 'merged';
}

/**
 * A service's template upgrade as the action, its agent tools and the
 * portal's routes run it: the ownership checks (`resolveUpgradeTrust`),
 * the repository check (`checkServiceRepository`), then the engine
 * (`upgradeService`) with the one authorship all of them write with.
 */
export class ServiceUpgrades {
  private readonly access: ReturnType<typeof githubAccess>;
  private readonly sources: TemplateSource[];

  constructor(private readonly options: ServiceUpgradesOptions) {
    this.access = githubAccess(options.config, options);
    // A bad entry stops the start with its key.
    this.sources = readTemplateSources(options.config);
  }

  /**
   * Everything checked before any GitHub call: the caller owns the service
   * (or is a platform admin), the repository and template are known.
   */
  async authorize(
    resolveCaller: () => Promise<CallerIdentity>,
    request: AuthorizeUpgradeRequest,
  ): Promise<AuthorizedUpgrade> {
    const trust = await resolveUpgradeTrust(this.options, resolveCaller, {
      entityRef: request.entityRef,
      adopt: request.adopt,
    });
    const repoUrl = request.repoUrl ?? serviceRepoUrl(trust.entity);
    if (!repoUrl) {
      throw new InputError(
        `Missing input "repoUrl": ${trust.entityRef} has no github.com/project-slug annotation to find its repository by.`,
      );
    }
    const ref = parseGithubRepoUrl(
      'repoUrl',
      repoUrl,
      this.access.integrations,
    );
    const templateRef =
      request.templateRef ??
      trust.entity.metadata.annotations?.[ANNOTATION_TEMPLATE_REF] ??
      (this.sources.length === 1 ? this.sources[0].ref : undefined);
    if (!templateRef) {
      throw new InputError(
        `Missing input "templateRef": ${trust.entityRef} has no eks.platform/template-ref annotation; name its template, e.g. "template:default/eks-service".`,
      );
    }
    return {
      trust,
      repoUrl,
      ref,
      source: findTemplateSource(this.sources, templateRef),
    };
  }

  /** A GitHub client for the service's repository, once its catalog-info.yaml declares the service and its owner (read only). */
  async connect(
    authorized: AuthorizedUpgrade,
    signal?: AbortSignal,
  ): Promise<GithubClient> {
    const gh = await this.clientFor(authorized.ref, signal);
    await checkServiceRepository(gh, authorized.trust);
    return gh;
  }

  /** Runs the engine: the dry run's diff, or the pull request opened or updated. */
  async run(
    authorized: AuthorizedUpgrade,
    gh: GithubClient,
    request: RunUpgradeRequest,
  ): Promise<UpgradeServiceResult> {
    const { trust, source, repoUrl } = authorized;
    return upgradeService({
      gh,
      integrations: this.access.integrations,
      history: await openTemplateHistory(source, this.access),
      templateRef: source.ref,
      targetVersion: request.targetVersion,
      values: request.values,
      adopt: request.adopt && {
        version: request.adopt.version,
        values: {
          name: trust.entity.metadata.name,
          description: trust.entity.metadata.description,
          owner: trust.ownerRef,
          system: trust.entity.spec?.system,
          lifecycle: trust.entity.spec?.lifecycle,
          repoUrl,
          ...request.adopt.values,
        },
      },
      dryRun: request.dryRun,
      authorship: upgradeAuthorship(trust),
    });
  }

  /**
   * The newest pull request of the upgrade to `toVersion` (branch
   * template-upgrade/v<version>) in the service's repository: one GitHub
   * call. Undefined when the entity names no repository on a configured
   * GitHub host, or there is no such pull request.
   */
  async pullRequestOf(
    entity: Entity,
    toVersion: string,
  ): Promise<UpgradePullRequestState | undefined> {
    const repoUrl = serviceRepoUrl(entity);
    if (!repoUrl) return undefined;
    let ref: GithubRepoRef;
    try {
      ref = parseGithubRepoUrl('repoUrl', repoUrl, this.access.integrations);
    } catch {
      return undefined;
    }
    const gh = await this.clientFor(ref);
    const pulls = await gh.call(
      'list upgrade pull requests',
      o =>
        o.rest.pulls.list({
          owner: ref.owner,
          repo: ref.repo,
          state: 'all',
          head: `${ref.owner}:${upgradeBranch(toVersion)}`,
          per_page: 5,
        }),
      { accept: [404] },
    );
    const pull = pulls
      ?.filter(p => p.head?.ref === upgradeBranch(toVersion))
      .sort((a, b) => b.number - a.number)[0];
    if (!pull) return undefined;
    let state: UpgradePullRequestState['state'] = 'open';
    if (pull.merged_at) state = 'merged';
    else if (pull.state === 'closed') state = 'closed';
    return { url: pull.html_url, number: pull.number, state };
  }

  private clientFor(ref: GithubRepoRef, signal?: AbortSignal) {
    return GithubClient.create({
      integrations: this.access.integrations,
      credentialsProvider: this.access.credentialsProvider,
      ref,
      policy: this.access.callPolicy,
      signal,
    });
  }
}
