import { Config } from '@backstage/config';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  GithubClient,
  GithubRepoRef,
  githubAccess,
  parseGithubRepoUrl,
  readGitOpsConfig,
  registrationBranch,
} from '@internal/backstage-plugin-eks-platform-node';
import { RegistrationFacts } from '@internal/backstage-plugin-eks-platform-common';
import { TtlCache } from './TtlCache';

const PROJECT_SLUG = 'github.com/project-slug';
/** Open registration pull requests change when someone merges: re-read twice a minute. */
const PULLS_TTL_MS = 30_000;
const CI_TTL_MS = 60_000;
/** Open pull requests read at most (3 pages): a GitOps repository with more has other problems. */
const MAX_PULL_PAGES = 3;

type OpenPull = RegistrationFacts['pullRequest'] & { branch: string };

/**
 * Where a new service stands between "created" and "running": the open
 * registration pull request in the GitOps repository (one listing for the
 * whole fleet, cached) and the latest CI run of its own repository (read
 * only for services that are not running yet). GitHub failures never fail
 * a status: the facts are left out and logged.
 */
export class RegistrationSource {
  private readonly pulls = new TtlCache<Map<string, OpenPull>>(PULLS_TTL_MS);
  private readonly ciRuns = new TtlCache<RegistrationFacts['ciRun'] | null>(
    CI_TTL_MS,
  );
  private readonly logged = new WeakSet<object>();

  private constructor(
    private readonly access: ReturnType<typeof githubAccess>,
    private readonly gitops: GithubRepoRef | undefined,
    private readonly logger: LoggerService,
  ) {}

  static fromConfig(config: Config, logger: LoggerService): RegistrationSource {
    const access = githubAccess(config);
    const { repoUrl } = readGitOpsConfig(config);
    const gitops = repoUrl
      ? parseGithubRepoUrl(
          'eksPlatform.gitops.repoUrl',
          repoUrl,
          access.integrations,
        )
      : undefined;
    return new RegistrationSource(access, gitops, logger);
  }

  /** The open registration pull request of this entity, if any. */
  async openPullRequest(
    entity: Entity,
  ): Promise<RegistrationFacts['pullRequest']> {
    if (!this.gitops) return undefined;
    const gitops = this.gitops;
    const open = await this.quietly('GitOps pull requests', () =>
      this.pulls.get('open', () => this.listOpenPulls(gitops)),
    );
    const pull = open?.get(registrationBranch(entity.metadata.name));
    return pull
      ? { url: pull.url, title: pull.title, number: pull.number }
      : undefined;
  }

  /** The latest CI run of the entity's repository (`github.com/project-slug`). */
  async latestCiRun(entity: Entity): Promise<RegistrationFacts['ciRun']> {
    const slug = entity.metadata.annotations?.[PROJECT_SLUG];
    const match = slug?.match(/^([\w.-]+)\/([\w.-]+)$/);
    const host = this.gitops?.host;
    if (!match || !host) return undefined;
    const ref = { host, owner: match[1], repo: match[2] };
    const run = await this.quietly(`CI runs of ${slug}`, () =>
      this.ciRuns.get(slug!, () => this.readLatestRun(ref)),
    );
    return run ?? undefined;
  }

  private async client(ref: GithubRepoRef): Promise<GithubClient> {
    return GithubClient.create({
      integrations: this.access.integrations,
      credentialsProvider: this.access.credentialsProvider,
      ref,
      policy: this.access.callPolicy,
    });
  }

  private async listOpenPulls(ref: GithubRepoRef) {
    const gh = await this.client(ref);
    const byBranch = new Map<string, OpenPull>();
    for (let page = 1; page <= MAX_PULL_PAGES; page++) {
      const pulls =
        (await gh.call('list open pull requests', o =>
          o.rest.pulls.list({
            owner: ref.owner,
            repo: ref.repo,
            state: 'open',
            per_page: 100,
            page,
          }),
        )) ?? [];
      for (const p of pulls) {
        byBranch.set(p.head.ref, {
          branch: p.head.ref,
          url: p.html_url,
          title: p.title,
          number: p.number,
        });
      }
      if (pulls.length < 100) break;
    }
    return byBranch;
  }

  private async readLatestRun(ref: GithubRepoRef) {
    const gh = await this.client(ref);
    // 404: no repository yet, or a GitHub Enterprise without Actions.
    const data = await gh.call(
      'list workflow runs',
      o =>
        o.rest.actions.listWorkflowRunsForRepo({
          owner: ref.owner,
          repo: ref.repo,
          per_page: 1,
        }),
      { accept: [404] },
    );
    const run = data?.workflow_runs?.[0];
    if (!run) return null;
    return {
      url: run.html_url,
      status: run.status ?? 'unknown',
      ...(run.conclusion ? { conclusion: run.conclusion } : {}),
    };
  }

  private async quietly<T>(
    what: string,
    read: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      // A failure is cached for a while and answers every caller meanwhile:
      // logged once, not once per status request.
      if (!this.logged.has(error as object)) {
        this.logged.add(error as object);
        this.logger.warn(
          `Reading ${what} for pending services failed`,
          error as Error,
        );
      }
      return undefined;
    }
  }
}
