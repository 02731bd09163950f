import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
// A test harness composes a backend from plugins, as packages/backend does.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import eksPlatformPlugin from '@internal/backstage-plugin-eks-platform-backend';
import {
  backstageKubernetesConfig,
  Sandbox,
} from '@internal/eks-platform-sandbox';
import path from 'node:path';
import { DEMO_PEERS, platformConfig } from '../harness/platformConfig';
import { startSignedInBackend } from '../harness/signedInBackend';

// eslint-disable-next-line no-restricted-syntax
export const PRIVATE_SERVICE = path.join(__dirname, 'privateService.yaml');

/**
 * The portal as an agent reaches it: real sign-in, catalog (the demo
 * services, the test organisation and a private service), the portal's
 * permission policy, the status backend and the scaffolder with the eks:*
 * module, the real actions registry and actions service, and the MCP
 * actions backend serving them over Streamable HTTP.
 */
export async function startMcpBackend(sandbox: Sandbox) {
  const base = platformConfig(sandbox, [...DEMO_PEERS, PRIVATE_SERVICE]);
  // Only the prod cluster runs here: the environments name only it.
  const environments = (
    base.eksPlatform.environments as Array<{ cluster: string }>
  ).filter(e => e.cluster === 'prod');
  return startSignedInBackend(
    {
      ...base,
      eksPlatform: {
        ...base.eksPlatform,
        environments,
        // Small enough that one caller's whole-fleet questions (25
        // services) are capped and then refused within a test.
        status: {
          query: { maxEntities: 20, maxFullEntities: 20 },
          rateLimit: { entitiesPerSecond: 1, burst: 60 },
        },
      },
      permission: { enabled: true },
      backend: {
        // Which plugins' actions the actions service (and so MCP) offers.
        actions: { pluginSources: ['eks-platform', 'scaffolder'] },
      },
      mcpActions: { name: 'eks-platform-portal' },
      kubernetes: backstageKubernetesConfig(sandbox.clusters, ['prod']),
    },
    [
      actionsRegistryServiceFactory,
      actionsServiceFactory,
      eksPlatformPlugin,
      mcpActionsPlugin,
    ],
  );
}

/** The text an agent reads from a tool's answer. */
export function answerText(result: unknown): string {
  const content = ((result as { content?: unknown }).content ?? []) as Array<{
    type: string;
    text?: string;
  }>;
  return content.map(c => c.text ?? '').join('\n');
}
