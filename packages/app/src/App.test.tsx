import { waitFor } from '@testing-library/react';
import { renderApp } from './__testUtils__/renderApp';

describe('App', () => {
  it('should render', async () => {
    const rendered = renderApp();

    await waitFor(() => {
      expect(rendered.baseElement).toBeInTheDocument();
    });
  });
});
