import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Policy and Kubernetes auth role for a new service of the form's owner, bound to the owning team's namespace, with its KV path created empty (cas 0).",
    example: yaml.stringify({
      steps: [
        {
          id: 'vault',
          action: 'eks:vault:register',
          name: 'Register in Vault',
          input: {
            serviceName: '${{ parameters.name }}',
            owner: '${{ parameters.owner }}',
            namespace: '${{ parameters.namespace }}',
            secretPaths: ['${{ parameters.name }}/config'],
          },
        },
      ],
    }),
  },
  {
    description:
      'With a Vault namespace, shorter token TTLs and a dynamic PostgreSQL role from the platform\'s "readwrite" template, through a connection config gives the team.',
    example: yaml.stringify({
      steps: [
        {
          id: 'vault',
          action: 'eks:vault:register',
          name: 'Register in Vault',
          input: {
            serviceName: 'payments-api',
            owner: 'group:default/payments',
            namespace: 'payments',
            serviceAccount: 'payments-api',
            secretPaths: ['payments-api/config', 'payments-api/stripe'],
            vaultNamespace: 'teams/payments',
            tokenTtl: '15m',
            tokenMaxTtl: '1h',
            databaseRole: {
              name: 'payments-api',
              dbName: 'payments-postgres',
              template: 'readwrite',
              defaultTtl: '1h',
              maxTtl: '24h',
            },
          },
        },
      ],
    }),
  },
];
