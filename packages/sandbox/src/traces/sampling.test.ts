import { createRandom } from '../fleet';
import {
  poisson,
  powerOfTwoAtLeast,
  sampledTraceId,
  samplingRate,
} from './sampling';

describe('consistent probability sampling', () => {
  it('writes the OpenTelemetry threshold of a power-of-two rate', () => {
    expect(samplingRate(1).traceState).toBe('ot=th:0');
    expect(samplingRate(8).traceState).toBe('ot=th:e');
    expect(samplingRate(16).traceState).toBe('ot=th:f');
    expect(samplingRate(64).traceState).toBe('ot=th:fc');
    expect(samplingRate(2048).traceState).toBe('ot=th:ffe');
  });

  it('refuses rates that adjusted counts cannot express exactly', () => {
    expect(() => samplingRate(10)).toThrow(/power of two/);
    expect(() => samplingRate(0.5)).toThrow(/power of two/);
  });

  it('makes trace ids whose randomness a sampler at that rate keeps', () => {
    for (const oneIn of [1, 8, 64, 2048]) {
      const rate = samplingRate(oneIn);
      const threshold = BigInt(
        `0x${rate.traceState.slice('ot=th:'.length).padEnd(14, '0')}`,
      );
      for (let i = 0; i < 50; i++) {
        const id = sampledTraceId(rate);
        expect(id).toMatch(/^[0-9a-f]{32}$/);
        expect(BigInt(`0x${id.slice(18)}`) >= threshold).toBe(true);
      }
    }
  });

  it('rounds sparse rates up to a power of two', () => {
    expect(powerOfTwoAtLeast(0.3)).toBe(1);
    expect(powerOfTwoAtLeast(64)).toBe(64);
    expect(powerOfTwoAtLeast(65)).toBe(128);
  });

  it('draws Poisson counts with the requested mean', () => {
    const random = createRandom(1);
    for (const mean of [0.2, 3, 80]) {
      let total = 0;
      const n = 4000;
      for (let i = 0; i < n; i++) total += poisson(mean, random);
      expect(total / n).toBeCloseTo(mean, mean < 1 ? 1 : 0);
    }
    expect(poisson(0, random)).toBe(0);
  });
});
