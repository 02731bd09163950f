import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  isServiceName,
  SERVICE_NAME_MAX_LENGTH,
} from '@internal/backstage-plugin-eks-platform-common';
import { CallerIdentityService } from '@internal/backstage-plugin-eks-platform-node';
import express from 'express';
import { RepositoryNames } from './RepositoryNames';
import { repositoryNameAvailability } from './repositoryNameAvailability';

export interface NameAvailabilityRouteOptions {
  repositories: RepositoryNames;
  callerIdentity: CallerIdentityService;
  /** The signed-in user's credentials, after the per-caller rate limit took `tokens`. */
  caller(
    req: express.Request,
    res: express.Response,
    tokens: number,
  ): Promise<BackstageCredentials>;
}

/** The name as sent, or an InputError that says what a service name is (before any GitHub call). */
export function parseServiceName(value: unknown): string {
  if (isServiceName(value)) return value;
  const shown = JSON.stringify(String(value ?? '')).slice(
    0,
    SERVICE_NAME_MAX_LENGTH + 12,
  );
  throw new InputError(
    `${shown} is not a service name: use 2 to ${SERVICE_NAME_MAX_LENGTH} lowercase letters, digits and dashes, starting with a letter and not ending with a dash.`,
  );
}

/**
 * `GET /v1/names/:name/availability`: whether the repository a new service
 * of that name gets is free in the platform's GitHub organisations, taken
 * by another repository, or this user's team's service (a re-run). For the
 * golden-path form's first step; read-only, signed-in users only, on the
 * caller's status-read rate limit (one token per request).
 */
export function addNameAvailabilityRoute(
  router: express.Router,
  options: NameAvailabilityRouteOptions,
) {
  const { repositories, callerIdentity } = options;
  router.get('/v1/names/:name/availability', async (req, res) => {
    const credentials = await options.caller(req, res, 1);
    if ((credentials.principal as { type?: string })?.type !== 'user')
      throw new NotAllowedError(
        "The service name check answers signed-in users only: whether a repository is one of your teams' services depends on who asks.",
      );
    const name = parseServiceName(req.params.name);
    // Fails closed: a caller whose groups cannot be read gets a 403.
    const caller = await callerIdentity.forCredentials(credentials);
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const findings = await repositories.lookup(name, abort.signal);
    res.setHeader('Cache-Control', 'private, no-store');
    res.json(repositoryNameAvailability(name, findings, caller));
  });
}
