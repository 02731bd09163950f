import { eksPlatformApiRef, EksPlatformClient } from './api';
import { eksPlatformApiFactory } from './legacy';

describe('eksPlatformApiFactory', () => {
  it('builds the client from the fetch API', () => {
    expect(eksPlatformApiFactory.api).toBe(eksPlatformApiRef);
    const client = eksPlatformApiFactory.factory({
      fetchApi: { fetch: jest.fn() },
    });
    expect(client).toBeInstanceOf(EksPlatformClient);
  });
});
