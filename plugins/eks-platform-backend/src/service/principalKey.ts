import { BackstageCredentials } from '@backstage/backend-plugin-api';

/** Who is calling, as one string: the user, or the calling service (plugin or external caller). */
export function principalKey(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return p.type === 'user' ? `user ${p.userEntityRef}` : `service ${p.subject}`;
}
