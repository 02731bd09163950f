import { createApp } from '@backstage/frontend-defaults';
import { render, screen } from '@testing-library/react';
import { appFeatures } from '../../App';

/**
 * The whole app, as the browser gets it, before anyone has signed in: the
 * sign-in page is the first thing it renders. Config is passed the way the
 * app-backend injects it (APP_CONFIG).
 */
function renderAppWithConfig(auth: { environment: string }) {
  process.env = {
    NODE_ENV: 'test',
    APP_CONFIG: [
      {
        data: {
          app: { title: 'Test' },
          backend: { baseUrl: 'http://localhost:7007' },
          auth,
        },
        context: 'test',
      },
    ] as any,
  };
  // A fresh app each time: an app reads APP_CONFIG once and keeps it.
  render(createApp({ features: appFeatures }).createRoot());
}

describe('the sign-in page', () => {
  const env = process.env;
  afterEach(() => {
    process.env = env;
  });

  // Loading the whole app takes a few seconds on a busy machine.
  jest.setTimeout(30_000);

  it('offers GitHub and no guest sign-in in production', async () => {
    renderAppWithConfig({ environment: 'production' });
    expect(
      await screen.findByText(
        'Sign in with your GitHub account',
        {},
        { timeout: 20_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('GitHub')).toBeInTheDocument();
    expect(screen.queryByText('Guest')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Enter' }),
    ).not.toBeInTheDocument();
  });

  it('offers only guest sign-in outside production (the sandbox)', async () => {
    renderAppWithConfig({ environment: 'development' });
    expect(
      await screen.findByRole('button', { name: 'Enter' }, { timeout: 20_000 }),
    ).toBeInTheDocument();
    expect(screen.queryByText('GitHub')).not.toBeInTheDocument();
  });
});
