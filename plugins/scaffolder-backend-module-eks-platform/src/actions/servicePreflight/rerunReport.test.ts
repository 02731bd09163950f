import { rerunReport } from './rerunReport';

const urls = {
  catalogInfoUrl:
    'http://127.0.0.1:7130/commerce/orders/blob/main/catalog-info.yaml',
  repoContentsUrl: 'http://127.0.0.1:7130/commerce/orders/blob/main',
};

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', description: 'Order intake' },
  spec: {
    type: 'service',
    owner: 'group:default/team-commerce',
    system: 'shop',
    lifecycle: 'experimental',
  },
};

describe('rerunReport', () => {
  it('says a first run created everything from the form', () => {
    expect(
      rerunReport({ repoHasService: false, ...urls }, { description: 'x' }),
    ).toBe(
      'Nothing of this service existed before: this run created it from the values of the form.',
    );
  });

  it('lists the catalog fields a re-run left unchanged and where to change them', () => {
    const report = rerunReport(
      { entity, repoHasService: true, ...urls },
      {
        description: 'Takes orders and refunds',
        system: 'system:default/shop',
        lifecycle: 'production',
      },
    );
    expect(report).toContain(
      'This service existed already, so this run left what exists as it was and only added what was missing.',
    );
    expect(report).toContain(
      '- **description** stays "Order intake" (the form asked for "Takes orders and refunds")',
    );
    expect(report).toContain(
      '- **lifecycle** stays "experimental" (the form asked for "production")',
    );
    // The same system written as a full ref is no difference.
    expect(report).not.toContain('**system**');
    expect(report).toContain(
      `open a pull request on [catalog-info.yaml](${urls.catalogInfoUrl})`,
    );
    expect(report).toContain("the autoscaler's maximum");
  });

  it('names no catalog field when the form asked for what is there', () => {
    const report = rerunReport(
      { entity, repoHasService: true, ...urls },
      {
        description: 'Order intake',
        system: 'shop',
        lifecycle: 'experimental',
      },
    );
    expect(report).not.toContain('Left unchanged in the catalog');
    expect(report).toContain('never rewritten by a re-run');
  });
});
