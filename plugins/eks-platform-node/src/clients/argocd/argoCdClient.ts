import { ArgoCdInstanceConfig } from '../../config/argocd';
import { CallPolicy } from '../../config/callPolicy';
import { UpstreamHttpClient } from '../../http/UpstreamHttpClient';

/**
 * An Argo CD API client for one configured instance: the instance's bearer
 * token, the call policy (the actions retry; the status backend polls once
 * with a deadline) and advice for Argo CD's RBAC and project errors.
 */
export function createArgoCdClient(
  instance: ArgoCdInstanceConfig,
  policy: CallPolicy,
  signal?: AbortSignal,
  upstream = 'Argo CD',
): UpstreamHttpClient {
  return new UpstreamHttpClient({
    upstream,
    baseUrl: instance.url,
    headers: () => ({ Authorization: `Bearer ${instance.token}` }),
    knownSecrets: () => [instance.token],
    timeoutMs: policy.timeoutMs,
    retry: policy.retry,
    signal,
    hint: (status, message) => {
      if (status === 401) {
        return `The token for Argo CD instance "${instance.name}" was not accepted; renew eksPlatform.argocd.instances[].token.`;
      }
      if (status === 403) {
        return `The Argo CD account behind the token of instance "${instance.name}" lacks an RBAC permission for this (see the message); extend its policy.csv role.`;
      }
      if (status === 400 && message && /project/i.test(message)) {
        return 'Check the "project" input and the destinations and source repositories that project allows.';
      }
      return undefined;
    },
  });
}
