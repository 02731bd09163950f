import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, waitFor } from '@testing-library/react';
import { TemplateUpgradeStatus } from '@internal/backstage-plugin-eks-platform-common';
import { eksPlatformApiRef } from '../../api';
import { mockStatusApi } from '../../__testUtils__/renderCard';
import { checkoutEntity } from '../../__testUtils__/fixtures';
import { TemplateUpgradeBanner } from './TemplateUpgradeBanner';

function renderBanner(answer: TemplateUpgradeStatus | undefined | Error) {
  const api = {
    ...mockStatusApi('pending'),
    getTemplateUpgrade: jest.fn(
      (): Promise<TemplateUpgradeStatus | undefined> =>
        answer instanceof Error
          ? Promise.reject(answer)
          : Promise.resolve(answer),
    ),
  };
  renderInTestApp(
    <EntityProvider entity={checkoutEntity}>
      <TemplateUpgradeBanner />
    </EntityProvider>,
    { apis: [[eksPlatformApiRef, api]] },
  );
  return api;
}

const behind: TemplateUpgradeStatus = {
  templateRef: 'template:default/eks-service',
  currentVersion: '1.0.0',
  latestVersion: '1.2.0',
  behind: true,
};

describe('TemplateUpgradeBanner', () => {
  it('says which template version is available for the service', async () => {
    const api = renderBanner(behind);
    expect(
      await screen.findByText(/Template v1\.0\.0 → v1\.2\.0 available/),
    ).toBeInTheDocument();
    expect(api.getTemplateUpgrade).toHaveBeenCalledWith(
      'component:default/checkout',
    );
  });

  it('links the upgrade pull request when one is known', async () => {
    renderBanner({
      ...behind,
      pullRequest: {
        url: 'https://github.com/payments/checkout/pull/7',
        number: 7,
      },
    });
    expect(await screen.findByRole('link', { name: '#7' })).toHaveAttribute(
      'href',
      'https://github.com/payments/checkout/pull/7',
    );
  });

  it('shows nothing for a service on the current version', async () => {
    const api = renderBanner({
      ...behind,
      currentVersion: '1.2.0',
      behind: false,
    });
    await waitFor(() => expect(api.getTemplateUpgrade).toHaveBeenCalled());
    await Promise.resolve();
    expect(screen.queryByTestId('template-upgrade-banner')).toBeNull();
    expect(screen.queryByTestId('template-upgrade-error')).toBeNull();
  });

  it('shows nothing for a service that records no template', async () => {
    const api = renderBanner(undefined);
    await waitFor(() => expect(api.getTemplateUpgrade).toHaveBeenCalled());
    await Promise.resolve();
    expect(screen.queryByTestId('template-upgrade-banner')).toBeNull();
  });

  it('says plainly when the check failed', async () => {
    renderBanner(new Error('backend unavailable'));
    expect(
      await screen.findByText(
        /Could not check the template version: backend unavailable/,
      ),
    ).toBeInTheDocument();
  });
});
