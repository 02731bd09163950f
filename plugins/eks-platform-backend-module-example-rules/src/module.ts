import { createBackendModule } from '@backstage/backend-plugin-api';
import { eksPlatformScorecardRulesExtensionPoint } from '@internal/backstage-plugin-eks-platform-node';
import { onCallLinkRule } from './onCallLinkRule';

/**
 * Adds the example `on-call-link` rule to the eks-platform scorecard.
 *
 * @public
 */
export const eksPlatformModuleExampleRules = createBackendModule({
  pluginId: 'eks-platform',
  moduleId: 'example-rules',
  register(reg) {
    reg.registerInit({
      deps: { rules: eksPlatformScorecardRulesExtensionPoint },
      async init({ rules }) {
        rules.addRules(onCallLinkRule);
      },
    });
  },
});
