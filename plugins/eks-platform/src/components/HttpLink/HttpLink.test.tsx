/* eslint-disable no-script-url -- hostile javascript: URLs are the input under test */
import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { HttpLink } from './HttpLink';

describe('HttpLink', () => {
  it('links http and https URLs', async () => {
    await renderInTestApp(
      <>
        <HttpLink href="https://runbooks.example.com/a">Runbook</HttpLink>
        <HttpLink href="http://alertmanager:9093/#/alerts">
          Alertmanager
        </HttpLink>
      </>,
    );
    expect(screen.getByText('Runbook').closest('a')).toHaveAttribute(
      'href',
      'https://runbooks.example.com/a',
    );
    expect(screen.getByText('Alertmanager').closest('a')).toHaveAttribute(
      'href',
      'http://alertmanager:9093/#/alerts',
    );
  });

  it.each([
    'javascript:alert(1)',
    ' JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    '/relative',
    '',
  ])('renders %j as text, never as a link', async href => {
    await renderInTestApp(<HttpLink href={href}>Open</HttpLink>);
    expect(screen.getByText('Open').closest('a')).toBeNull();
    expect(document.querySelector('a[href]')).toBeNull();
  });

  it('renders nothing for an unsafe link when asked to', async () => {
    await renderInTestApp(
      <div data-testid="box">
        <HttpLink href="javascript:alert(1)" hideWhenUnsafe>
          Runbook
        </HttpLink>
      </div>,
    );
    expect(screen.getByTestId('box')).toBeEmptyDOMElement();
  });
});
