import { decodeContinue, encodeContinue } from './continueToken';

describe('continue tokens', () => {
  it('use the apiserver encoding and round-trip', () => {
    const token = encodeContinue({
      resourceVersion: 42,
      start: 'payments/a\u0000',
    });
    expect(JSON.parse(Buffer.from(token, 'base64url').toString())).toEqual({
      v: 'meta.k8s.io/v1',
      rv: 42,
      start: 'payments/a\u0000',
    });
    expect(decodeContinue(token)).toEqual({
      resourceVersion: 42,
      start: 'payments/a\u0000',
    });
  });

  it('reject tokens the server did not issue', () => {
    const encode = (value: unknown) =>
      Buffer.from(JSON.stringify(value)).toString('base64url');
    expect(() => decodeContinue('%%%')).toThrow('continue key is not valid');
    expect(() =>
      decodeContinue(encode({ v: 'other', rv: 1, start: 'a' })),
    ).toThrow('server does not recognize this encoded version');
    expect(() =>
      decodeContinue(encode({ v: 'meta.k8s.io/v1', rv: 0, start: 'a' })),
    ).toThrow('incorrect encoded start resourceVersion');
    expect(() =>
      decodeContinue(encode({ v: 'meta.k8s.io/v1', rv: 3, start: '../x' })),
    ).toThrow('must not be empty or contain ..');
  });
});
