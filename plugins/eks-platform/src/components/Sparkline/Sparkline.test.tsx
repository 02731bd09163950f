import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { Sparkline, sparklinePoints } from './Sparkline';

describe('Sparkline', () => {
  it('scales values into the box, highest at the top', () => {
    expect(sparklinePoints([0, 10], 100, 22)).toBe('0.0,21.0 100.0,1.0');
    expect(sparklinePoints([5, 5, 5], 10, 20)).toBe(
      '0.0,10.0 5.0,10.0 10.0,10.0',
    );
  });

  it('describes the trend for screen readers', async () => {
    await renderInTestApp(
      <Sparkline
        values={[1, 3, 2]}
        label="Request rate"
        format={v => `${v} req/s`}
      />,
    );
    expect(
      screen.getByRole('img', {
        name: 'Request rate: from 1 req/s to 2 req/s, peak 3 req/s',
      }),
    ).toBeInTheDocument();
  });

  it('draws nothing without a trend', async () => {
    await renderInTestApp(
      <div data-testid="box">
        <Sparkline values={[1]} label="Request rate" format={String} />
      </div>,
    );
    expect(screen.getByTestId('box')).toBeEmptyDOMElement();
  });
});
