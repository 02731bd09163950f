import { render, screen } from '@testing-library/react';
import { visuallyHidden } from './visuallyHidden';

describe('visuallyHidden', () => {
  it('takes the text out of the layout while leaving it in the accessibility tree', () => {
    render(<h1 style={visuallyHidden}>checkout</h1>);
    const heading = screen.getByRole('heading', { level: 1, name: 'checkout' });
    expect(heading).toHaveStyle({
      position: 'absolute',
      width: '1px',
      height: '1px',
      overflow: 'hidden',
      whiteSpace: 'nowrap',
    });
    // Not display:none or visibility:hidden, which screen readers skip too.
    expect(heading).toBeVisible();
  });
});
