import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  stringifyError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  TEMPLATE_UPGRADE_PREVIEW_DIFF_LIMIT,
  TemplateUpgradePreview,
  TemplateUpgradePullRequest,
  TemplateUpgradePullRequestResponse,
  TemplateUpgradeRequest,
  TemplateUpgradeStatus,
} from '@internal/backstage-plugin-eks-platform-common';
import {
  CallerIdentityService,
  changedFiles,
  isTemplateVersion,
  ServiceUpgrades,
  UpgradeServiceResult,
} from '@internal/backstage-plugin-eks-platform-node';
import express from 'express';
import { TtlCache } from '../registration/TtlCache';
import { ReadableEntities } from '../service/ReadableEntities';
import { templateOfService, upgradeStatusOf } from './upgradeStatus';
import { UpgradePullRequestStore } from './UpgradePullRequestStore';

/**
 * Tokens of the caller's status-read bucket a preview or pull request
 * costs: each renders two template versions and runs git, the work of
 * many status reads, so one caller cannot queue hundreds of them.
 */
export const UPGRADE_REQUEST_TOKENS = 50;

/** How long the GET's pull-request state is reused: one GitHub call per service and minute at most. */
export const PULL_REQUEST_STATE_TTL_MS = 60_000;

export interface TemplateUpgradeRoutesOptions {
  catalog: CatalogService;
  readable: ReadableEntities;
  logger: LoggerService;
  /** Who the caller is (members of the owner and platform admins may upgrade). */
  callerIdentity: CallerIdentityService;
  /** The upgrade engine with the action's checks; undefined: only GET. */
  upgrades?: ServiceUpgrades;
  /** The caller's credentials, after the per-caller rate limit took `tokens`. */
  caller(
    req: express.Request,
    res: express.Response,
    tokens: number,
  ): Promise<BackstageCredentials>;
  /** Tokens a request may take at most (the bucket's size). */
  burst: number;
  /** Where the pull requests opened here are recorded for the fleet page. */
  records?: UpgradePullRequestStore;
}

function entityRefOf(req: express.Request): string {
  return stringifyEntityRef({
    kind: req.params.kind,
    namespace: req.params.namespace,
    name: req.params.name,
  });
}

/** `{}` or `{ "targetVersion": "1.2.0" }`; anything else is an InputError before any work. */
export function parseUpgradeRequest(body: unknown): TemplateUpgradeRequest {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new InputError(
      'Request body must be a JSON object: {} or { "targetVersion": "1.2.0" }.',
    );
  }
  const { targetVersion, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length) {
    throw new InputError(
      `Unknown field${unknown.length > 1 ? 's' : ''} ${unknown
        .map(k => JSON.stringify(k))
        .join(', ')}: the body takes only "targetVersion".`,
    );
  }
  if (targetVersion === undefined) return {};
  if (!isTemplateVersion(targetVersion)) {
    throw new InputError(
      `"targetVersion" must be a MAJOR.MINOR.PATCH version such as "1.2.0", got ${JSON.stringify(
        targetVersion,
      ).slice(0, 60)}.`,
    );
  }
  return { targetVersion };
}

function pullRequestOf(
  result: UpgradeServiceResult,
): TemplateUpgradePullRequest | undefined {
  if (!result.pullRequestUrl || result.pullRequestNumber === undefined)
    return undefined;
  return {
    url: result.pullRequestUrl,
    number: result.pullRequestNumber,
    state: 'open',
  };
}

/**
 * The portal's template-upgrade routes: GET where a service stands (its
 * annotations, plus the state of the upgrade's pull request), POST
 * `…/preview` (the engine's dry run) and POST `…/pull-request` (opens or
 * updates it). The POSTs run the checks of eks:template:upgrade
 * (ServiceUpgrades): the caller must be a member of the owning group or a
 * platform admin, and the repository must declare the service with that
 * owner; every refusal comes before any write.
 */
export function addTemplateUpgradeRoutes(
  router: express.Router,
  options: TemplateUpgradeRoutesOptions,
) {
  const { catalog, readable, logger, callerIdentity, upgrades } = options;
  const pullRequests = new TtlCache<TemplateUpgradePullRequest | undefined>(
    PULL_REQUEST_STATE_TTL_MS,
  );
  const cacheKey = (ref: string, version: string) => `${ref}@${version}`;

  /** The entity, when the caller may read its status (as the status API decides). */
  async function readableEntity(
    credentials: BackstageCredentials,
    ref: string,
  ): Promise<Entity> {
    const [found] = (await readable.resolve(credentials, [ref])).items;
    if ('refused' in found) {
      if (found.refused === 'NotFoundError')
        throw new NotFoundError(`Entity ${ref} not found`);
      throw new NotAllowedError(
        `You are not allowed to read the template version of ${ref} (eks.platform.status.read)`,
      );
    }
    return found.entity;
  }

  /** The upgrade's pull-request state, cached briefly; a GitHub failure leaves it out (the card still says what is available). */
  async function knownPullRequest(
    entity: Entity,
    ref: string,
    version: string,
  ): Promise<TemplateUpgradePullRequest | undefined> {
    if (!upgrades) return undefined;
    try {
      return await pullRequests.get(cacheKey(ref, version), () =>
        upgrades.pullRequestOf(entity, version),
      );
    } catch (error) {
      logger.warn(
        `Could not read the template-upgrade pull request of ${ref}: ${stringifyError(
          error,
        )}`,
      );
      return undefined;
    }
  }

  // Where a service stands against its template: annotations only (the
  // service's and the Template entity's), plus one cached GitHub call for
  // the upgrade's pull request when it is behind.
  router.get(
    '/v1/template-upgrade/:kind/:namespace/:name',
    async (req, res) => {
      const credentials = await options.caller(req, res, 1);
      const ref = entityRefOf(req);
      const entity = await readableEntity(credentials, ref);
      const service = templateOfService(entity);
      if (!service)
        throw new NotFoundError(
          `${ref} records no template: it has no eks.platform/template-ref and MAJOR.MINOR.PATCH eks.platform/template-version annotations.`,
        );
      // The caller's own credentials: a template they may not read stays unseen.
      const template = await catalog
        .getEntityByRef(service.templateRef, { credentials })
        .catch(() => undefined);
      const status = template && upgradeStatusOf(service, template);
      if (!status)
        throw new NotFoundError(
          `Template ${service.templateRef} of ${ref} is not in the catalog or carries no eks.platform/template-version.`,
        );
      const pullRequest = status.behind
        ? await knownPullRequest(entity, ref, status.latestVersion)
        : undefined;
      const body: TemplateUpgradeStatus = pullRequest
        ? { ...status, pullRequest }
        : status;
      res.json(body);
    },
  );

  if (!upgrades) return;
  const engine = upgrades;

  /** The checks of eks:template:upgrade for the signed-in caller, then a client of the service's own repository. */
  async function authorized(req: express.Request, res: express.Response) {
    const request = parseUpgradeRequest(req.body);
    const credentials = await options.caller(
      req,
      res,
      Math.min(UPGRADE_REQUEST_TOKENS, options.burst),
    );
    const ref = entityRefOf(req);
    await readableEntity(credentials, ref);
    const upgrade = await engine.authorize(
      () => callerIdentity.forCredentials(credentials),
      { entityRef: ref, adopt: false },
    );
    // A closed connection stops the GitHub calls it would wait for.
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const gh = await engine.connect(upgrade, abort.signal);
    return { request, upgrade, gh, ref };
  }

  router.post(
    '/v1/template-upgrade/:kind/:namespace/:name/preview',
    async (req, res) => {
      const { request, upgrade, gh } = await authorized(req, res);
      const result = await engine.run(upgrade, gh, {
        targetVersion: request.targetVersion,
        dryRun: true,
      });
      const body: TemplateUpgradePreview = {
        templateRef: upgrade.source.ref,
        fromVersion: result.fromVersion,
        toVersion: result.toVersion,
        upToDate: result.status === 'up-to-date',
        changelog: result.changelog,
        conflicts: result.conflicts,
        changedFiles: changedFiles(result.diff),
        diff: result.diff.slice(0, TEMPLATE_UPGRADE_PREVIEW_DIFF_LIMIT),
        diffTruncated: result.diff.length > TEMPLATE_UPGRADE_PREVIEW_DIFF_LIMIT,
      };
      res.json(body);
    },
  );

  router.post(
    '/v1/template-upgrade/:kind/:namespace/:name/pull-request',
    async (req, res) => {
      const { request, upgrade, gh, ref } = await authorized(req, res);
      const result = await engine.run(upgrade, gh, {
        targetVersion: request.targetVersion,
        dryRun: false,
      });
      const pullRequest = pullRequestOf(result);
      // The next GET shows the pull request just opened, not the cached "none".
      pullRequests.delete(cacheKey(ref, result.toVersion));
      // The fleet shows it at once, not after the next background refresh.
      // The pull request exists whatever the record does: a failed write
      // is logged, and the refresh finds the pull request by its branch.
      if (pullRequest && options.records) {
        await options.records
          .recordChecked(
            {
              entityRef: stringifyEntityRef(upgrade.trust.entity),
              targetVersion: result.toVersion,
              pullRequest,
              conflicts: result.conflicts.length,
            },
            new Date(),
          )
          .catch(error =>
            logger.warn(
              `Could not record the template-upgrade pull request of ${ref}: ${stringifyError(
                error,
              )}`,
            ),
          );
      }
      const body: TemplateUpgradePullRequestResponse = {
        status: result.status === 'dry-run' ? 'unchanged' : result.status,
        fromVersion: result.fromVersion,
        toVersion: result.toVersion,
        conflicts: result.conflicts,
        ...(pullRequest ? { pullRequest } : {}),
      };
      res.json(body);
    },
  );
}
