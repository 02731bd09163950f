import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Select the services of a team that are behind their template's current version (read only).",
    example: yaml.stringify({
      steps: [
        {
          id: 'select',
          action: 'eks:template:select-services',
          name: 'Select the services',
          input: {
            mode: 'selection',
            owner: 'group:default/team-a',
            onlyBehind: true,
          },
        },
      ],
    }),
  },
  {
    description:
      'Select the services of a system, whoever owns them, for a given target version.',
    example: yaml.stringify({
      steps: [
        {
          id: 'select',
          action: 'eks:template:select-services',
          name: 'Select the services',
          input: {
            mode: 'selection',
            system: 'system:default/commerce',
            targetVersion: '1.1.0',
          },
        },
      ],
    }),
  },
  {
    description:
      'Select one service (the form of "Upgrade services" in "one service" mode).',
    example: yaml.stringify({
      steps: [
        {
          id: 'select',
          action: 'eks:template:select-services',
          name: 'Select the service',
          input: { mode: 'one', entityRef: '${{ parameters.entityRef }}' },
        },
      ],
    }),
  },
];
