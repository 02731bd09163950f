import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  TemplateUpgradePreview,
  TemplateUpgradePullRequestResponse,
  TemplateUpgradeStatus,
} from '@internal/backstage-plugin-eks-platform-common';
import { eksPlatformApiRef } from '../../api';
import { mockStatusApi } from '../../__testUtils__/renderCard';
import { checkoutEntity } from '../../__testUtils__/fixtures';
import { TemplateUpgradeBanner } from './TemplateUpgradeBanner';

type Answer<T> = T | Error;
const answer = <T,>(value: Answer<T>) =>
  value instanceof Error ? Promise.reject(value) : Promise.resolve(value);

const behind: TemplateUpgradeStatus = {
  templateRef: 'template:default/eks-service',
  currentVersion: '1.0.0',
  latestVersion: '1.2.0',
  behind: true,
};

const preview: TemplateUpgradePreview = {
  templateRef: 'template:default/eks-service',
  fromVersion: '1.0.0',
  toVersion: '1.2.0',
  upToDate: false,
  changelog: '## 1.2.0\n\n- Burn-rate alert in the chart.',
  conflicts: ['chart/values.yaml'],
  changedFiles: ['chart/values.yaml', 'chart/templates/prometheusrule.yaml'],
  diff: 'diff --git a/chart/values.yaml b/chart/values.yaml\n+burnRate: true\n',
  diffTruncated: false,
};

const opened: TemplateUpgradePullRequestResponse = {
  status: 'created',
  fromVersion: '1.0.0',
  toVersion: '1.2.0',
  conflicts: ['chart/values.yaml'],
  pullRequest: {
    url: 'https://github.com/payments/checkout/pull/7',
    number: 7,
    state: 'open',
  },
};

/** A refusal as the client raises it: a ResponseError whose cause is the backend's error. */
function refused(message: string): Promise<Error> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'NotAllowedError', message },
        request: { method: 'POST', url: '/' },
        response: { statusCode: 403 },
      }),
      { status: 403, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

function renderBanner(
  status: Answer<TemplateUpgradeStatus | undefined>,
  actions: {
    preview?: Answer<TemplateUpgradePreview>;
    pullRequest?: Answer<TemplateUpgradePullRequestResponse>;
  } = {},
) {
  const api = {
    ...mockStatusApi('pending'),
    getTemplateUpgrade: jest.fn(() => answer(status)),
    previewTemplateUpgrade: jest.fn(() => answer(actions.preview ?? preview)),
    openTemplateUpgradePullRequest: jest.fn(() =>
      answer(actions.pullRequest ?? opened),
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

describe('TemplateUpgradeBanner', () => {
  it('says which template version is available for the service', async () => {
    const api = renderBanner(behind);
    expect(
      await screen.findByText(/Template v1\.0\.0 → v1\.2\.0 available/),
    ).toBeInTheDocument();
    expect(api.getTemplateUpgrade).toHaveBeenCalledWith(
      'component:default/checkout',
    );
    expect(
      screen.getByRole('button', { name: 'Open pull request' }),
    ).toBeEnabled();
  });

  it('links the open upgrade pull request and offers to update it', async () => {
    renderBanner({ ...behind, pullRequest: opened.pullRequest });
    expect(
      await screen.findByRole('link', { name: /^Upgrade pull request #7/ }),
    ).toHaveAttribute('href', 'https://github.com/payments/checkout/pull/7');
    expect(screen.getByText(/is open\./)).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Update pull request' }),
    ).toBeInTheDocument();
  });

  it('previews the changelog, the conflicts and the diff in a keyboard-usable dialog', async () => {
    const api = renderBanner(behind);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Preview changes' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Template upgrade v1.0.0 → v1.2.0',
    });
    expect(api.previewTemplateUpgrade).toHaveBeenCalledWith(
      'component:default/checkout',
    );
    expect(
      within(dialog).getByText('Burn-rate alert in the chart.'),
    ).toBeInTheDocument();
    expect(
      within(
        within(dialog).getByRole('list', { name: 'Files with conflicts' }),
      ).getByText('chart/values.yaml'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('Changes (2 files)')).toBeInTheDocument();
    const diff = within(dialog).getByRole('region', {
      name: 'Diff of the upgrade',
    });
    expect(diff).toHaveTextContent('+burnRate: true');
    // The scrollable diff takes the keyboard focus.
    expect(diff).toHaveAttribute('tabindex', '0');
    diff.focus();
    expect(diff).toHaveFocus();
    // Escape closes it.
    fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('says plainly while the preview is rendered and when it was refused', async () => {
    let reject: (e: Error) => void = () => {};
    const api = renderBanner(behind);
    api.previewTemplateUpgrade.mockImplementation(
      () =>
        new Promise<TemplateUpgradePreview>((_, r) => {
          reject = r;
        }),
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'Preview changes' }),
    );
    expect(
      await screen.findByText(/Rendering both template versions/),
    ).toBeInTheDocument();
    reject(
      await refused(
        'user:default/bob is not a member of group:default/payments, which owns component:default/checkout; nothing was changed.',
      ),
    );
    expect(
      await screen.findByText(
        /Could not preview the upgrade\. Not allowed: user:default\/bob is not a member of group:default\/payments/,
      ),
    ).toBeInTheDocument();
    // A refused preview offers no pull request.
    expect(
      within(screen.getByRole('dialog')).queryByRole('button', {
        name: 'Open pull request',
      }),
    ).toBeNull();
  });

  it('opens the pull request from the preview and then links it', async () => {
    const api = renderBanner(behind);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Preview changes' }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(
      await within(dialog).findByRole('button', { name: 'Open pull request' }),
    );
    expect(
      await screen.findByRole('link', { name: /^Upgrade pull request #7/ }),
    ).toHaveAttribute('href', 'https://github.com/payments/checkout/pull/7');
    expect(api.openTemplateUpgradePullRequest).toHaveBeenCalledWith(
      'component:default/checkout',
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(
      screen.getByRole('button', { name: 'Update pull request' }),
    ).toBeInTheDocument();
  });

  it('says plainly when opening the pull request was refused', async () => {
    renderBanner(behind, {
      pullRequest: await refused(
        'acme/checkout is not component:default/checkout’s repository.',
      ),
    });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Open pull request' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not open the pull request. Not allowed: acme/checkout is not',
    );
    expect(
      screen.getByRole('button', { name: 'Open pull request' }),
    ).toBeEnabled();
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
