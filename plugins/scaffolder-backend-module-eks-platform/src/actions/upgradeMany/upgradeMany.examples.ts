import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Upgrade the selected services: one pull request per service you may upgrade, the others listed with the reason; the outcomes as a table and links.',
    example: yaml.stringify({
      steps: [
        {
          id: 'select',
          action: 'eks:template:select-services',
          name: 'Select the services',
          input: { mode: 'selection', owner: 'group:default/team-a' },
        },
        {
          id: 'upgrade',
          action: 'eks:template:upgrade-many',
          name: 'Upgrade each service',
          input: { services: '${{ steps.select.output.services }}' },
        },
      ],
      output: {
        links: '${{ steps.upgrade.output.links }}',
        text: [
          { title: 'Outcomes', content: '${{ steps.upgrade.output.summary }}' },
        ],
      },
    }),
  },
  {
    description:
      'Preview: every diff for a list of services, without a branch or a pull request.',
    example: yaml.stringify({
      steps: [
        {
          id: 'preview',
          action: 'eks:template:upgrade-many',
          name: 'Preview the upgrades',
          input: {
            services: ['component:default/orders', 'component:default/billing'],
            dryRun: true,
          },
        },
      ],
    }),
  },
];
