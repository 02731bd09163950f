import { networkCode } from './networkCode';

describe('networkCode', () => {
  it('reads the code from fetch’s cause, the error itself or its message', () => {
    expect(
      networkCode(
        Object.assign(new TypeError('fetch failed'), {
          cause: { code: 'ECONNREFUSED' },
        }),
      ),
    ).toBe('ECONNREFUSED');
    expect(networkCode({ code: 'ENOTFOUND' })).toBe('ENOTFOUND');
    expect(networkCode(new Error('socket hang up: ECONNRESET'))).toBe(
      'ECONNRESET',
    );
    expect(networkCode(new Error('UND_ERR_SOCKET closed'))).toBe(
      'UND_ERR_SOCKET',
    );
  });

  it('falls back to NETWORK_ERROR when nothing names the failure', () => {
    expect(networkCode(new Error('boom'))).toBe('NETWORK_ERROR');
    expect(networkCode(undefined)).toBe('NETWORK_ERROR');
  });
});
