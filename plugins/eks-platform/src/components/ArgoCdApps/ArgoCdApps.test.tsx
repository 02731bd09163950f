import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ArgoCdStatus } from '@internal/backstage-plugin-eks-platform-common';
import { FIXTURE_NOW, statusFixture } from '../../__testUtils__/fixtures';
import { ArgoCdApps, argoHealthLevel, syncLevel } from './ArgoCdApps';

describe('ArgoCdApps', () => {
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW));
  afterEach(() => jest.restoreAllMocks());

  it('lists applications with sync, health and a link', async () => {
    const data = statusFixture().sources.argocd.data as ArgoCdStatus;
    const degraded = {
      ...data.applications[0],
      name: 'checkout-dev',
      syncStatus: 'OutOfSync',
      healthStatus: 'Degraded',
    };
    await renderInTestApp(
      <ArgoCdApps data={{ applications: [...data.applications, degraded] }} />,
    );
    const rows = within(
      screen.getByRole('table', { name: 'Argo CD applications' }),
    ).getAllByRole('row');
    // dev before prod, whatever order Argo CD lists them in.
    expect(rows[2]).toHaveTextContent(
      /SyncedHealthy9f1c2ab, synced 30 min agoprod \/ checkout/,
    );
    expect(
      within(rows[2]).getByRole('link', {
        name: /^Open checkout-prod in Argo CD/,
      }),
    ).toHaveAttribute(
      'href',
      'http://127.0.0.1:7110/applications/argocd/checkout-prod',
    );
    expect(
      within(rows[1]).getByText('OutOfSync').parentElement,
    ).toHaveAttribute('data-health', 'warning');
    expect(within(rows[1]).getByText('Degraded').parentElement).toHaveAttribute(
      'data-health',
      'critical',
    );
  });

  it('names a destination Argo CD knows only by URL by its cluster', async () => {
    const data = statusFixture().sources.argocd.data as ArgoCdStatus;
    const byUrl = {
      ...data.applications[0],
      name: 'checkout-stage',
      destination: { server: 'https://127.0.0.1:7142', namespace: 'checkout' },
    };
    await renderInTestApp(
      <ArgoCdApps
        data={{ applications: [byUrl] }}
        clusterNames={['dev', 'stage', 'prod']}
      />,
    );
    const [, row] = within(
      screen.getByRole('table', { name: 'Argo CD applications' }),
    ).getAllByRole('row');
    expect(row).toHaveTextContent('stage / checkout');
    expect(row).not.toHaveTextContent('127.0.0.1');
  });

  it('says which annotation to set when nothing matches', async () => {
    await renderInTestApp(<ArgoCdApps data={{ applications: [] }} />);
    expect(
      screen.getByText(/Set argocd\/app-name or argocd\/app-selector/),
    ).toBeInTheDocument();
  });

  it('maps Argo CD states to health levels', () => {
    expect(syncLevel('Unknown')).toBe('unknown');
    expect(argoHealthLevel('Progressing')).toBe('warning');
    expect(argoHealthLevel('Missing')).toBe('critical');
    expect(argoHealthLevel('Whatever')).toBe('unknown');
  });
});
