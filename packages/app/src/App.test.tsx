import { screen } from '@testing-library/react';
import { renderApp } from './__testUtils__/renderApp';

jest.setTimeout(30_000);

describe('App', () => {
  it('opens on the sign-in page, titled with app.title, offering guest sign-in', async () => {
    renderApp({ app: { title: 'EKS Platform Test' } });

    // The app loads its extensions lazily; on a busy 2-core machine that takes seconds.
    const enter = await screen.findByRole(
      'button',
      { name: 'Enter' },
      { timeout: 20_000 },
    );
    expect(enter).toBeEnabled();
    expect(screen.getByText('Guest')).toBeInTheDocument();
    expect(screen.getByText(/^Enter as a Guest User\./)).toBeInTheDocument();
    expect(screen.getByText('EKS Platform Test')).toBeInTheDocument();
  });
});
