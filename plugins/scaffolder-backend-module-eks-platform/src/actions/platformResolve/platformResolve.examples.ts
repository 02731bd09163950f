import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Resolve the platform context of a new service from the environments chosen in the form (EksEnvironmentPicker) and its owner; pass the outputs to fetch:template.',
    example: yaml.stringify({
      steps: [
        {
          id: 'platform',
          action: 'eks:platform:resolve',
          name: 'Resolve the platform context',
          input: {
            name: '${{ parameters.name }}',
            owner: '${{ parameters.owner }}',
            environments: '${{ parameters.environments }}',
          },
        },
        {
          id: 'fetch',
          action: 'fetch:template',
          input: {
            url: './skeleton',
            values: {
              name: '${{ parameters.name }}',
              namespace: '${{ steps.platform.output.namespace }}',
              environments: '${{ steps.platform.output.environmentNames }}',
              environmentSettings:
                '${{ steps.platform.output.environmentSettings }}',
              imageRepository: '${{ steps.platform.output.imageRepository }}',
            },
          },
        },
      ],
    }),
  },
  {
    description:
      "Allowed callers and dependencies picked in the catalog (MultiEntityPicker): each is read with the user's credentials and resolved to its workload name, namespace and port per environment; an API stands for the Components providing it.",
    example: yaml.stringify({
      steps: [
        {
          id: 'platform',
          action: 'eks:platform:resolve',
          name: 'Resolve the platform context',
          input: {
            name: 'payments-api',
            owner: 'group:default/team-commerce',
            environments: ['dev', 'stage', 'prod'],
            allowedCallers: ['component:default/storefront'],
            dependencies: [
              'component:default/checkout',
              'api:default/inventory-api',
            ],
          },
        },
      ],
    }),
  },
];
