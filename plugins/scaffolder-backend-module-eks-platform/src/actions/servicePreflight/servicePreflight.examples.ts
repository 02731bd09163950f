import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Check what already exists before publishing, then skip the steps a previous run (or a recovered task) already did.',
    example: yaml.stringify({
      steps: [
        {
          id: 'preflight',
          action: 'eks:service:preflight',
          name: 'Check what already exists',
          input: {
            repoUrl: 'github.com?owner=acme&repo=checkout',
            componentName: 'checkout',
          },
        },
        {
          id: 'publish',
          if: '${{ steps.preflight.output.needsPublish }}',
          action: 'publish:github',
          input: { repoUrl: 'github.com?owner=acme&repo=checkout' },
        },
        {
          id: 'register',
          if: '${{ not steps.preflight.output.entityRegistered }}',
          action: 'catalog:register',
          input: {
            catalogInfoUrl: '${{ steps.preflight.output.catalogInfoUrl }}',
          },
        },
      ],
    }),
  },
];
