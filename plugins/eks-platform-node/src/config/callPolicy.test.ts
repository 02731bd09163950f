import { ConfigReader } from '@backstage/config';
import { readCallPolicy } from './callPolicy';

describe('readCallPolicy', () => {
  it('defaults to 10 s per attempt and 4 jittered attempts', () => {
    expect(readCallPolicy(new ConfigReader({}))).toEqual({
      timeoutMs: 10_000,
      retry: { attempts: 4, baseDelayMs: 250, maxDelayMs: 10_000 },
    });
  });

  it('reads eksPlatform.actions', () => {
    const policy = readCallPolicy(
      new ConfigReader({
        eksPlatform: {
          actions: { timeoutMs: 2000, retry: { attempts: 2, maxDelayMs: 500 } },
        },
      }),
    );
    expect(policy).toEqual({
      timeoutMs: 2000,
      retry: { attempts: 2, baseDelayMs: 250, maxDelayMs: 500 },
    });
  });

  it('refuses a zero or negative value with the key to fix', () => {
    expect(() =>
      readCallPolicy(
        new ConfigReader({ eksPlatform: { actions: { timeoutMs: 0 } } }),
      ),
    ).toThrow('eksPlatform.actions.timeoutMs must be a positive number, got 0');
  });
});
