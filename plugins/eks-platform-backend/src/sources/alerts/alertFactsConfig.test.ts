import { ConfigReader } from '@backstage/config';
import { ownerReceivers, readAlertFactsConfig } from './alertFactsConfig';

describe('readAlertFactsConfig', () => {
  it('reads the rules Prometheus, falling back to the traces Prometheus', () => {
    expect(
      readAlertFactsConfig(
        new ConfigReader({
          eksPlatform: { traces: { prometheus: { url: 'http://p:9090' } } },
        }),
      ).prometheus,
    ).toEqual({ name: 'main', url: 'http://p:9090' });
    expect(
      readAlertFactsConfig(
        new ConfigReader({
          eksPlatform: {
            alerts: { prometheus: { name: 'rules', url: 'http://r:9090' } },
            traces: { prometheus: { url: 'http://p:9090' } },
          },
        }),
      ).prometheus?.url,
    ).toBe('http://r:9090');
    expect(
      readAlertFactsConfig(new ConfigReader({})).prometheus,
    ).toBeUndefined();
  });

  it('maps owners to receivers, by default the receiver named like the group', () => {
    const config = readAlertFactsConfig(
      new ConfigReader({
        eksPlatform: {
          alerts: {
            teamReceivers: [
              {
                group: 'group:default/Payments',
                receivers: ['pay-pager', 'pay-chat'],
              },
            ],
          },
        },
      }),
    );
    expect(ownerReceivers(config, 'group:default/payments')).toEqual([
      'pay-pager',
      'pay-chat',
    ]);
    expect(ownerReceivers(config, 'group:default/web')).toEqual(['web']);
    expect(ownerReceivers(config, undefined)).toEqual([]);
  });

  it('refuses a mapping it cannot use, naming the key', () => {
    const read = (teamReceivers: unknown) => () =>
      readAlertFactsConfig(
        new ConfigReader({ eksPlatform: { alerts: { teamReceivers } } }),
      );
    expect(read([{ group: 'payments', receivers: ['x'] }])).toThrow(
      /teamReceivers\[\]\.group must be a group entity ref/,
    );
    expect(read([{ group: 'group:default/a', receivers: [] }])).toThrow(
      /lists no receivers/,
    );
    expect(() =>
      readAlertFactsConfig(
        new ConfigReader({
          eksPlatform: { alerts: { prometheus: { url: 'file:///etc' } } },
        }),
      ),
    ).toThrow(/eksPlatform.alerts.prometheus.url/);
  });
});
