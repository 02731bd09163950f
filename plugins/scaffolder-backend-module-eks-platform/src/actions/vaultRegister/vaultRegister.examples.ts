import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Policy and Kubernetes auth role for a service, with its KV path created empty (cas 0).',
    example: yaml.stringify({
      steps: [
        {
          id: 'vault',
          action: 'eks:vault:register',
          name: 'Register in Vault',
          input: {
            serviceName: '${{ parameters.name }}',
            namespace: '${{ parameters.namespace }}',
            secretPaths: ['${{ parameters.name }}/config'],
          },
        },
      ],
    }),
  },
  {
    description:
      'With a Vault namespace, shorter token TTLs and a dynamic PostgreSQL role.',
    example: yaml.stringify({
      steps: [
        {
          id: 'vault',
          action: 'eks:vault:register',
          name: 'Register in Vault',
          input: {
            serviceName: 'payments-api',
            namespace: 'payments',
            serviceAccount: 'payments-api',
            secretPaths: ['payments-api/config', 'payments-api/stripe'],
            vaultNamespace: 'teams/payments',
            tokenTtl: '15m',
            tokenMaxTtl: '1h',
            databaseRole: {
              name: 'payments-api',
              dbName: 'payments-postgres',
              creationStatements: [
                "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';",
                'GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO "{{name}}";',
              ],
              defaultTtl: '1h',
              maxTtl: '24h',
            },
          },
        },
      ],
    }),
  },
];
