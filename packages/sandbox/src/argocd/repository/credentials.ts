/*
 * Repository credentials as Argo CD holds them (its `repository` and
 * `repo-creds` secrets: a URL prefix with a username and password), and how
 * git is handed one: as an HTTP header in git's environment
 * (GIT_CONFIG_COUNT/KEY/VALUE), never on a command line where `ps` would
 * show it.
 */

/** A repository credential, as Argo CD's repo-creds secrets hold them. */
export interface RepositoryCredential {
  /** URL prefix the credential applies to, e.g. `http://127.0.0.1:7130/git/`. */
  url: string;
  username?: string;
  password?: string;
}

/** The longest matching prefix wins, as Argo CD picks repo-creds templates. */
export function credentialFor(
  repoURL: string,
  credentials: RepositoryCredential[],
): RepositoryCredential | undefined {
  return credentials
    .filter(c => repoURL.startsWith(c.url))
    .sort((a, b) => b.url.length - a.url.length)[0];
}

/** Environment variables that make git send the credential as Basic auth. */
export function gitAuthEnv(
  credential: RepositoryCredential,
): Record<string, string> {
  if (credential.password === undefined) return {};
  const basic = Buffer.from(
    `${credential.username ?? 'git'}:${credential.password}`,
  ).toString('base64');
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.extraHeader',
    GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
  };
}
