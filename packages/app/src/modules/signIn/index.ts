import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/**
 * Replaces the app's default sign-in page (guest only) with one that offers
 * GitHub in production and guest elsewhere.
 */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    SignInPageBlueprint.make({
      params: {
        loader: () =>
          import('./EnvironmentSignInPage').then(m => m.EnvironmentSignInPage),
      },
    }),
  ],
});
