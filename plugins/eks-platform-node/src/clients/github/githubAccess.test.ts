import { ConfigReader } from '@backstage/config';
import { githubAccess } from './githubAccess';

describe('githubAccess', () => {
  const config = new ConfigReader({
    integrations: { github: [{ host: 'github.com', token: 'ghp_test' }] },
    eksPlatform: { actions: { timeoutMs: 1234 } },
  });

  it('reads integrations, credentials and the call policy from config', async () => {
    const access = githubAccess(config);
    expect(access.integrations.github.byHost('github.com')).toBeDefined();
    expect(access.callPolicy.timeoutMs).toBe(1234);
    const { token } = await access.credentialsProvider.getCredentials({
      url: 'https://github.com/acme/cart',
    });
    expect(token).toBe('ghp_test');
  });

  it('takes a provider or policy a test injects', () => {
    const callPolicy = {
      timeoutMs: 1,
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    };
    expect(githubAccess(config, { callPolicy }).callPolicy).toBe(callPolicy);
  });
});
