import { ConfigReader } from '@backstage/config';
import { readAlertsConfig, runbookUrlFor } from './alerts';

const read = (data: object) => readAlertsConfig(new ConfigReader(data));

describe('readAlertsConfig', () => {
  it("defaults to the service's TechDocs runbook on this portal", () => {
    const alerts = read({ app: { baseUrl: 'http://localhost:3000/' } });
    expect(runbookUrlFor(alerts, 'orders')).toBe(
      'http://localhost:3000/docs/default/component/orders/runbook/',
    );
    expect(read({})).toEqual({});
    expect(runbookUrlFor(read({}), 'orders')).toBeUndefined();
  });

  it('takes a configured page with {service}, or one shared page', () => {
    const config = {
      app: { baseUrl: 'https://portal.example.com' },
      eksPlatform: {
        alerts: {
          runbookBaseUrl: 'https://wiki.example.com/runbooks/{service}',
        },
      },
    };
    expect(runbookUrlFor(read(config), 'orders')).toBe(
      'https://wiki.example.com/runbooks/orders',
    );
    config.eksPlatform.alerts.runbookBaseUrl =
      'https://wiki.example.com/runbooks/golden-path';
    expect(runbookUrlFor(read(config), 'orders')).toBe(
      'https://wiki.example.com/runbooks/golden-path',
    );
  });

  it.each([
    ['http://wiki.example.com/{service}', /https URL \(http only on localhost/],
    ['https://wiki.example.com/#{service}', /may not contain/],
    ['https://wiki.example.com/"x', /may not contain/],
    ['ftp://wiki.example.com/{service}', /https URL/],
    ['/relative/{service}', /absolute https URL/],
  ])('refuses %s, saying why', (runbookBaseUrl, message) => {
    expect(() => read({ eksPlatform: { alerts: { runbookBaseUrl } } })).toThrow(
      message,
    );
  });

  it('has no default behind a portal URL the chart would refuse', () => {
    expect(read({ app: { baseUrl: 'http://portal.internal' } })).toEqual({});
  });
});
