import { ConfigReader } from '@backstage/config';
import { readEcrConfig } from './ecr';

describe('readEcrConfig', () => {
  it('reads the defaults and the optional endpoint', () => {
    expect(
      readEcrConfig(
        new ConfigReader({
          eksPlatform: {
            ecr: {
              region: 'eu-west-1',
              accountId: '123456789012',
              endpoint: 'http://127.0.0.1:7140',
            },
          },
        }),
      ),
    ).toEqual({
      region: 'eu-west-1',
      accountId: '123456789012',
      endpoint: 'http://127.0.0.1:7140',
    });
    expect(readEcrConfig(new ConfigReader({}))).toEqual({
      region: undefined,
      accountId: undefined,
      endpoint: undefined,
    });
  });

  it('refuses an account that is not 12 digits', () => {
    expect(() =>
      readEcrConfig(
        new ConfigReader({ eksPlatform: { ecr: { accountId: '1234' } } }),
      ),
    ).toThrow(/eksPlatform.ecr.accountId must be a 12-digit AWS account ID/);
  });
});
