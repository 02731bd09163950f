import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Open (or update) the pull request that upgrades a service to the template's newest version; conflicts are left with markers and listed in the pull request.",
    example: yaml.stringify({
      steps: [
        {
          id: 'upgrade',
          action: 'eks:template:upgrade',
          name: 'Upgrade the service',
          input: { entityRef: 'component:default/orders' },
        },
      ],
    }),
  },
  {
    description:
      'Preview: return the diff of the upgrade to a given version without writing anything.',
    example: yaml.stringify({
      steps: [
        {
          id: 'preview',
          action: 'eks:template:upgrade',
          name: 'Preview the upgrade',
          input: {
            entityRef: 'component:default/orders',
            targetVersion: '1.1.0',
            dryRun: true,
          },
        },
      ],
    }),
  },
  {
    description:
      'Platform admins: adopt a repository made before template versions were recorded, naming the version it was made from and values the catalog does not hold.',
    example: yaml.stringify({
      steps: [
        {
          id: 'adopt',
          action: 'eks:template:upgrade',
          name: 'Adopt and upgrade',
          input: {
            entityRef: 'component:default/legacy-orders',
            repoUrl: 'github.com?owner=acme&repo=legacy-orders',
            templateRef: 'template:default/eks-service',
            adopt: {
              version: '1.0.0',
              values: { namespace: 'orders', environments: ['dev', 'prod'] },
            },
          },
        },
      ],
    }),
  },
];
