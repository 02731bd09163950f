import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Check, before publishing, that the user belongs to the form's owner and what already exists, then skip the steps a previous run of the same owner (or a recovered task) already did. Another team's repository or entity of the same name stops the task here.",
    example: yaml.stringify({
      steps: [
        {
          id: 'preflight',
          action: 'eks:service:preflight',
          name: 'Check what already exists',
          input: {
            repoUrl: 'github.com?owner=acme&repo=checkout',
            componentName: 'checkout',
            owner: '${{ parameters.owner }}',
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
