import { CallPolicy } from '../config/callPolicy';

/** Fast retries for tests: `sleep` records the delays instead of waiting. */
export function testCallPolicy(attempts = 3, timeoutMs = 2000) {
  const delays: number[] = [];
  const policy: CallPolicy = {
    timeoutMs,
    retry: {
      attempts,
      baseDelayMs: 1,
      maxDelayMs: 10_000,
      sleep: async (ms: number) => {
        delays.push(ms);
      },
    },
  };
  return { policy, delays };
}
