import { screen } from '@testing-library/react';
import { renderApp } from '../../__testUtils__/renderApp';

/** Before anyone has signed in, the sign-in page is all the app renders. */
describe('the sign-in page', () => {
  const env = process.env;
  afterEach(() => {
    process.env = env;
  });

  // Loading the whole app takes a few seconds on a busy machine.
  jest.setTimeout(30_000);

  it('offers GitHub and no guest sign-in in production', async () => {
    renderApp({ auth: { environment: 'production' } });
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
    renderApp({ auth: { environment: 'development' } });
    expect(
      await screen.findByRole('button', { name: 'Enter' }, { timeout: 20_000 }),
    ).toBeInTheDocument();
    expect(screen.queryByText('GitHub')).not.toBeInTheDocument();
  });
});
