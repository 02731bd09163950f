import { render, screen } from '@testing-library/react';
import App from './App';

jest.setTimeout(30_000);

describe('App', () => {
  it('opens on the sign-in page, titled with app.title, offering guest sign-in', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'EKS Platform Test' },
            backend: { baseUrl: 'http://localhost:7007' },
            techdocs: {
              storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
            },
          },
          context: 'test',
        },
      ] as any,
    };

    render(App.createRoot());

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
