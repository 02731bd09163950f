import { spawnSync } from 'node:child_process';
import { upstreamBinary } from '@internal/eks-platform-sandbox';

/** What a Vault secret read returns, as the agent's template engine sees it. */
export interface SecretAnswer {
  data: Record<string, unknown>;
  leaseDuration?: number;
  leaseId?: string;
  renewable?: boolean;
}

export interface AgentRender {
  /** The file the agent would write. */
  output: string;
  /** Every secret path the template read. */
  paths: string[];
}

/**
 * Renders a Vault Agent template (the text of a
 * `vault.hashicorp.com/agent-inject-template-*` annotation) with the agent's
 * own engine, consul-template, built from its pinned module
 * (tools/upstreams/vault-agent-template), answering secret reads with
 * `answers` by path. Throws with the engine's message when the template does
 * not parse, reads an unanswered path or fails.
 */
export function renderAgentTemplate(
  template: string,
  answers: Record<string, SecretAnswer>,
): AgentRender {
  const result = spawnSync(
    upstreamBinary('vault-agent-template').path,
    [JSON.stringify(answers)],
    { input: template, encoding: 'utf8' },
  );
  if (result.status !== 0) {
    throw new Error(
      `vault-agent-template exited ${result.status}: ${result.stderr.trim()}`,
    );
  }
  return JSON.parse(result.stdout);
}
