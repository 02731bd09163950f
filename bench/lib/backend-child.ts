/*
 * The backend under test, in its own process so the load generator and
 * the sandbox do not share its event loop. Started by startBackendProcess.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import eksPlatformPlugin from '@internal/backstage-plugin-eks-platform-backend';

interface StartMessage {
  config: JsonObject;
  entities: any[];
  withKubernetesBackend: boolean;
}

process.once('message', async (message: StartMessage) => {
  try {
    const backend = await startTestBackend({
      features: [
        eksPlatformPlugin,
        ...(message.withKubernetesBackend
          ? [import('@backstage/plugin-kubernetes-backend')]
          : []),
        catalogServiceMock.factory({ entities: message.entities }),
        mockServices.rootConfig.factory({ data: message.config }),
      ],
    });
    const { port } = backend.server.address() as { port: number };
    process.send!({ port });
    process.on('message', async (m: any) => {
      if (m === 'heap') {
        global.gc?.();
        process.send!({ heapUsed: process.memoryUsage().heapUsed });
      }
      if (m === 'stop') {
        await backend.stop();
        process.exit(0);
      }
    });
  } catch (error) {
    process.send!({ error: String((error as Error)?.stack ?? error) });
    process.exit(1);
  }
});
