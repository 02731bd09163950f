import path from 'node:path';
import { buildFleet } from '../fleet';
import { freePort } from '../shared/process';
import { TrafficModel } from '../workload/traffic';
import { startSpanEmitter } from './spanEmitter';

const catalogDir = path.join(
  __dirname,
  '..',
  'fleet',
  '__fixtures__',
  'catalog',
);

describe('the span emitter', () => {
  it('samples a big fleet more sparsely to stay within its trace budget', async () => {
    const fleet = buildFleet({ catalogDir, extraServices: 997 });
    const emitter = startSpanEmitter({
      fleet,
      traffic: new TrafficModel(fleet),
      otlpUrl: `http://127.0.0.1:${await freePort()}`,
      clusters: ['dev', 'stage', 'prod'],
    });
    await emitter.stop();
    // Catalog services first, at most 50 of them.
    expect(emitter.services.length).toBe(50);
    expect(emitter.services.slice(0, 3).map(s => s.source)).toEqual([
      'catalog',
      'catalog',
      'catalog',
    ]);
    const rps = emitter.services.reduce(
      (sum, s) => sum + s.params.baseRps * (1 + 0.25 + 0.1),
      0,
    );
    expect(rps / emitter.sampling.successOneIn).toBeLessThanOrEqual(100);
    expect(rps / (emitter.sampling.successOneIn / 2)).toBeGreaterThan(100);
    expect(emitter.sampling.errorOneIn).toBe(emitter.sampling.successOneIn / 8);
  });

  it('keeps the configured rates for a small fleet', async () => {
    const fleet = buildFleet({ catalogDir });
    const emitter = startSpanEmitter({
      fleet,
      traffic: new TrafficModel(fleet),
      otlpUrl: `http://127.0.0.1:${await freePort()}`,
      clusters: ['prod'],
    });
    await emitter.stop();
    expect(emitter.sampling).toEqual({ successOneIn: 64, errorOneIn: 8 });
    expect(() =>
      startSpanEmitter({
        fleet,
        traffic: new TrafficModel(fleet),
        otlpUrl: 'http://127.0.0.1:9',
        clusters: ['prod'],
        intervalMs: 10,
      }),
    ).toThrow(/intervalMs must be at least 50/);
  });

  it('drops and counts batches the collector does not take, and queues nothing', async () => {
    const fleet = buildFleet({ catalogDir });
    const log: string[] = [];
    const emitter = startSpanEmitter({
      log: message => log.push(message),
      fleet,
      traffic: new TrafficModel(fleet),
      otlpUrl: `http://127.0.0.1:${await freePort()}`,
      clusters: ['prod'],
      intervalMs: 3_600_000,
      sampleOneIn: 1,
      errorSampleOneIn: 1,
    });
    try {
      await new Promise(r => setTimeout(r, 300));
      await emitter.flush();
      await new Promise(r => setTimeout(r, 300));
      await emitter.flush();
    } finally {
      await emitter.stop();
    }
    expect(emitter.stats.spans).toBe(0);
    expect(emitter.stats.failedBatches).toBe(2);
    expect(emitter.stats.droppedSpans).toBeGreaterThan(0);
    expect(emitter.stats.lastError).toBeDefined();
    expect(emitter.stats.serverCalls('checkout')).toEqual({
      spans: 0,
      calls: 0,
      errors: 0,
    });
    // Said once, not per batch.
    expect(log).toEqual([
      expect.stringMatching(/did not take a batch .*dropping batches/),
    ]);
  });
});
