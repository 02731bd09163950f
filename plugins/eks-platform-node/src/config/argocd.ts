import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { requireHttpUrl, requireUniqueNames } from './urls';

/** One Argo CD instance from `eksPlatform.argocd.instances[]`. */
export interface ArgoCdInstanceConfig {
  name: string;
  /** API base URL without trailing slash; may carry credentials: never echo it. */
  url: string;
  token: string;
  /** UI base URL for links (defaults to `url`). */
  uiUrl: string;
  /** Namespace that holds Application resources (default `argocd`). */
  namespace: string;
  /** Read-only token for the release workflows' health gate; a secret. */
  promotionToken?: string;
}

/**
 * `eksPlatform.argocd.instances[]`, read once for both the actions and the
 * status backend: http(s) URLs, unique names, `uiUrl` and `namespace`
 * defaulted.
 */
export function readArgoCdInstances(config: Config): ArgoCdInstanceConfig[] {
  const key = 'eksPlatform.argocd.instances';
  return requireUniqueNames(
    (config.getOptionalConfigArray(key) ?? []).map(instance => {
      const url = requireHttpUrl(instance.getString('url'), `${key}[].url`);
      const uiUrl = instance.getOptionalString('uiUrl');
      return {
        name: instance.getString('name'),
        url,
        token: instance.getString('token'),
        uiUrl: uiUrl ? requireHttpUrl(uiUrl, `${key}[].uiUrl`) : url,
        namespace: instance.getOptionalString('namespace') ?? 'argocd',
        promotionToken: instance.getOptionalString('promotionToken'),
      };
    }),
    key,
  );
}

/** Picks an instance by name, or the first one when no name is given. */
export function selectArgoCdInstance(
  instances: ArgoCdInstanceConfig[],
  name: string | undefined,
): ArgoCdInstanceConfig {
  if (instances.length === 0) {
    throw new InputError(
      'No Argo CD instance is configured; add one under eksPlatform.argocd.instances in app-config.',
    );
  }
  if (!name) return instances[0];
  const found = instances.find(i => i.name === name);
  if (!found) {
    throw new InputError(
      `Invalid input "instance": "${name}" is not a configured Argo CD instance; use one of ${instances
        .map(i => `"${i.name}"`)
        .join(', ')}.`,
    );
  }
  return found;
}
