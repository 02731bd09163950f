import { ArgoCdError, GrpcCode } from './errors';
import { globMatch as globMatches } from './glob';
import {
  type AppProject,
  type Application,
  type ApplicationSource,
} from './types';

export { globMatches };

/*
 * Argo CD's validateAndNormalizeApp: the project must exist, the sources must
 * be complete (only when `validate` is not false) and the project must permit
 * the repositories and the destination. Messages follow Argo CD's wording.
 */

const NAME_PATTERN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export function applicationSources(
  app: Pick<Application, 'spec'>,
): ApplicationSource[] {
  if (app.spec.sources && app.spec.sources.length > 0) return app.spec.sources;
  return app.spec.source ? [app.spec.source] : [];
}

function invalidSpec(appName: string, problems: string[]): ArgoCdError {
  return new ArgoCdError(
    GrpcCode.InvalidArgument,
    `error while validating and normalizing app: application spec for ${appName} is invalid: ${problems
      .map(problem => `InvalidSpecError: ${problem}`)
      .join(';')}`,
  );
}

/** Checks the request body is an Application and fills Argo CD's defaults. */
export function normaliseApplicationRequest(
  body: unknown,
  nameFromPath?: string,
): Application {
  if (body === null || typeof body !== 'object') {
    throw new ArgoCdError(
      GrpcCode.InvalidArgument,
      'request body must be an Application object',
    );
  }
  const app = structuredClone(body) as Application;
  app.metadata = { ...(app.metadata ?? {}) } as Application['metadata'];
  if (nameFromPath) app.metadata.name = nameFromPath;
  const name = app.metadata.name;
  if (!name) {
    throw new ArgoCdError(
      GrpcCode.InvalidArgument,
      'Application.argoproj.io "" is invalid: metadata.name: Required value: name or generateName is required',
    );
  }
  if (!NAME_PATTERN.test(name) || name.length > 253) {
    throw new ArgoCdError(
      GrpcCode.InvalidArgument,
      `Application.argoproj.io "${name}" is invalid: metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
    );
  }
  if (!app.spec || typeof app.spec !== 'object') {
    throw new ArgoCdError(
      GrpcCode.InvalidArgument,
      `Application.argoproj.io "${name}" is invalid: spec: Required value`,
    );
  }
  app.spec = { ...app.spec, project: app.spec.project || 'default' };
  app.spec.destination = app.spec.destination ?? {};
  return app;
}

export function validateApplication(
  app: Application,
  project: AppProject | undefined,
  validate: boolean,
): void {
  const name = app.metadata.name;
  if (!project) {
    throw new ArgoCdError(
      GrpcCode.InvalidArgument,
      `error while validating and normalizing app: application references project ${app.spec.project} which does not exist`,
    );
  }
  const sources = applicationSources(app);
  if (validate) {
    if (sources.length === 0) {
      throw invalidSpec(name, ['spec.source or spec.sources is required']);
    }
    const incomplete = sources.find(
      source =>
        !source.repoURL || (!source.path && !source.chart && !source.ref),
    );
    if (incomplete) {
      throw invalidSpec(name, [
        'spec.source.repoURL and either spec.source.path, spec.source.chart, or spec.source.ref are required',
      ]);
    }
  }
  const problems: string[] = [];
  for (const source of sources) {
    const allowed = (project.spec.sourceRepos ?? []).some(pattern =>
      globMatches(pattern, source.repoURL ?? ''),
    );
    if (!allowed) {
      problems.push(
        `application repo ${source.repoURL} is not permitted in project '${project.metadata.name}'`,
      );
    }
  }
  const destination = app.spec.destination;
  if (destination.server && destination.name) {
    problems.push(
      `application destination can't have both name and server defined: ${destination.name} ${destination.server}`,
    );
  } else if (!destination.server && !destination.name) {
    problems.push('Destination server missing from app spec');
  } else {
    const permitted = (project.spec.destinations ?? []).some(
      allowed =>
        (destination.server
          ? globMatches(allowed.server ?? '', destination.server)
          : globMatches(allowed.name ?? '', destination.name ?? '')) &&
        globMatches(allowed.namespace ?? '', destination.namespace ?? ''),
    );
    if (!permitted) {
      problems.push(
        `application destination server '${
          destination.server ?? destination.name
        }' and namespace '${
          destination.namespace ?? ''
        }' do not match any of the allowed destinations in project '${
          project.metadata.name
        }'`,
      );
    }
  }
  if (problems.length > 0) throw invalidSpec(name, problems);
}

/**
 * AppProject.ValidateProject, the parts the platform relies on: every
 * destination names a server or a cluster and a namespace pattern, and no
 * source repository is empty.
 */
export function validateProject(project: AppProject): void {
  const name = project.metadata.name;
  const problems: string[] = [];
  for (const destination of project.spec?.destinations ?? []) {
    if (!destination.server && !destination.name) {
      problems.push('destination must have a server or a name');
    }
    if (destination.namespace === undefined) {
      problems.push(
        `destination ${
          destination.server ?? destination.name
        } has no namespace; use "*" for any`,
      );
    }
  }
  for (const repo of project.spec?.sourceRepos ?? []) {
    if (typeof repo !== 'string' || repo.trim() === '') {
      problems.push('source repository URL must not be empty');
    }
  }
  if (problems.length > 0) {
    throw new ArgoCdError(
      GrpcCode.InvalidArgument,
      `AppProject.argoproj.io "${name}" is invalid: ${problems.join('; ')}`,
    );
  }
}
