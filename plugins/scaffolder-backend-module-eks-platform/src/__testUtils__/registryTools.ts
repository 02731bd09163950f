import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { JsonObject } from '@backstage/types';
import {
  registerWriteAction,
  RegistryWrite,
} from '../registryActions/asRegistryAction';

/**
 * An agent tool as the MCP actions backend serves it: registered on a
 * registry that checks the input against the tool's schema, and called
 * with a user's credentials. `examples` are the ones an agent is shown.
 */
export function registeredTool(tool: RegistryWrite) {
  const registry = actionsRegistryServiceMock();
  registerWriteAction(registry, mockServices.logger.mock(), tool);
  return {
    examples: tool.examples ?? [],
    async call(
      input: Record<string, unknown>,
      user: string,
    ): Promise<Record<string, unknown>> {
      const { output } = await registry.invoke({
        id: `test:${tool.name}`,
        input: input as JsonObject,
        credentials: mockCredentials.user(user),
      });
      return output as Record<string, unknown>;
    },
  };
}
