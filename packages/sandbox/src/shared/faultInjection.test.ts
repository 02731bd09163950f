import { FaultInjector, retryAfterHeader } from './faultInjection';

describe('FaultInjector', () => {
  it('fails matching operations the given number of times, in rule order', () => {
    const faults = new FaultInjector();
    faults.add({
      operation: 'create',
      status: 429,
      times: 2,
      retryAfterSeconds: 5,
    });
    faults.add({ status: 500, times: 1 });
    expect(faults.take('read')).toEqual({
      status: 500,
      hang: false,
      retryAfterSeconds: undefined,
      message: undefined,
    });
    expect(faults.take('read')).toBeUndefined();
    const throttled = faults.take('create')!;
    expect(throttled.status).toBe(429);
    expect(retryAfterHeader(throttled)).toEqual({ 'Retry-After': '5' });
    expect(faults.take('create')?.status).toBe(429);
    expect(faults.take('create')).toBeUndefined();
  });

  it('keeps rules without times until cleared and supports hangs', () => {
    const faults = new FaultInjector();
    faults.add({ hang: true });
    expect(faults.take('a')).toMatchObject({ hang: true, status: 504 });
    expect(faults.take('b')).toMatchObject({ hang: true });
    faults.clear();
    expect(faults.take('a')).toBeUndefined();
    expect(retryAfterHeader({ status: 500, hang: false })).toEqual({});
  });

  it('rejects statuses that are not errors and bad counts', () => {
    const faults = new FaultInjector();
    expect(() => faults.add({ status: 200 })).toThrow('between 400 and 599');
    expect(() => faults.add({})).toThrow('between 400 and 599');
    expect(() => faults.add({ status: 500, times: 0 })).toThrow(
      'positive integer',
    );
  });
});
