import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  bareEntity,
  checkoutEntity,
  clusterFixture,
} from '../../__testUtils__/fixtures';
import { Registrations } from './Registrations';

describe('Registrations', () => {
  it('shows the Vault path, the ECR link and running tags', async () => {
    await renderInTestApp(
      <Registrations
        entity={checkoutEntity}
        clusters={[clusterFixture('prod')]}
      />,
    );
    expect(screen.getByText('Registered')).toBeInTheDocument();
    expect(screen.getByText('services/checkout')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /^Open ECR repository checkout/ }),
    ).toHaveAttribute(
      'href',
      'https://eu-west-1.console.aws.amazon.com/ecr/repositories/private/123456789012/checkout?region=eu-west-1',
    );
    expect(screen.getByText('Running: prod: 1.4.2')).toBeInTheDocument();
    expect(screen.getByText('payments/checkout')).toBeInTheDocument();
  });

  it('names the annotations to add when unregistered, and that Vault is only for services with secrets', async () => {
    await renderInTestApp(<Registrations entity={bareEntity} clusters={[]} />);
    expect(
      screen.getByText(
        /^Not registered\. The golden path registers a service in Vault only when it asks for secrets or a database role; its eks:vault:register step then writes the vault\.io\/secrets-path annotation\.$/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/add the eks.platform\/ecr-repository annotation/),
    ).toBeInTheDocument();
  });
});
