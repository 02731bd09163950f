import { render, screen } from '@testing-library/react';
import { RelativeTime } from './RelativeTime';

describe('RelativeTime', () => {
  it('reads as a humanised age with the exact time on hover', () => {
    const now = Date.parse('2026-01-05T14:30:00Z');
    render(
      <RelativeTime iso="2026-01-05T14:05:09Z" now={now} prefix="synced " />,
    );
    const time = screen.getByText('synced 24 min ago');
    expect(time.tagName).toBe('TIME');
    expect(time).toHaveAttribute('title', '2026-01-05 14:05:09 UTC');
    expect(time).toHaveAttribute('dateTime', '2026-01-05T14:05:09Z');
  });

  it('renders nothing without a time', () => {
    const { container } = render(<RelativeTime iso={undefined} now={0} />);
    expect(container).toBeEmptyDOMElement();
  });
});
