import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { HealthStatus } from './HealthStatus';

describe('HealthStatus', () => {
  it.each([
    ['healthy', 'Healthy'],
    ['warning', 'Warning'],
    ['critical', 'Critical'],
    ['unknown', 'Unknown'],
    ['pending', 'Pending'],
  ] as const)(
    'renders %s as a readable word beside a hidden icon',
    async (level, text) => {
      await renderInTestApp(<HealthStatus level={level} />);
      const word = screen.getByText(text);
      expect(word).toBeVisible();
      expect(word.closest('[aria-hidden="true"]')).toBeNull();
      expect(word.parentElement).toHaveAttribute('data-health', level);
    },
  );

  it('accepts a custom label', async () => {
    await renderInTestApp(
      <HealthStatus level="critical" label="Blocks node drains" />,
    );
    expect(screen.getByText('Blocks node drains')).toBeInTheDocument();
  });

  it('names the icon with the level when the label does not say it', async () => {
    await renderInTestApp(
      <HealthStatus level="warning" label="Blocks node drains" />,
    );
    expect(screen.getByRole('img', { name: 'Warning' })).toBeInTheDocument();
  });

  it('hides the icon when the label already says the level', async () => {
    await renderInTestApp(<HealthStatus level="critical" label="3 Critical" />);
    expect(screen.queryByRole('img')).toBeNull();
  });
});
