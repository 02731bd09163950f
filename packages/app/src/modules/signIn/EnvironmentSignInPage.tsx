import { SignInPage, SignInProviderConfig } from '@backstage/core-components';
import {
  configApiRef,
  githubAuthApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import { SignInPageProps } from '@backstage/plugin-app-react';

export const githubProvider: SignInProviderConfig = {
  id: 'github-auth-provider',
  title: 'GitHub',
  message: 'Sign in with your GitHub account',
  apiRef: githubAuthApiRef,
};

/**
 * GitHub sign-in in production, guest everywhere else (the sandbox).
 *
 * Keyed on `auth.environment`, which the backend's auth config already sets
 * per environment and exposes to the frontend: app-config.production.yaml
 * says `production`, app-config.yaml `development`. (The sign-in page cannot
 * be configured through `app.extensions` per environment: that key is a
 * list, and the production config would replace the whole list.)
 */
export function EnvironmentSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const production =
    config.getOptionalString('auth.environment') === 'production';
  return (
    <SignInPage
      {...props}
      providers={production ? [githubProvider] : ['guest']}
    />
  );
}
