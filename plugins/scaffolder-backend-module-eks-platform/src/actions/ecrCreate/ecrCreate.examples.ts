import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Create a repository with the defaults: immutable tags, scan on push, AES256, keep 30 tagged images, expire untagged after 7 days.',
    example: yaml.stringify({
      steps: [
        {
          id: 'ecr',
          action: 'eks:ecr:create',
          name: 'Create ECR repository',
          input: { repositoryName: '${{ parameters.name }}' },
        },
      ],
    }),
  },
  {
    description:
      'KMS encryption, custom lifecycle, pulls from the workload accounts and tags, in another account (needs aws.accounts[] with a roleName).',
    example: yaml.stringify({
      steps: [
        {
          id: 'ecr',
          action: 'eks:ecr:create',
          name: 'Create ECR repository',
          input: {
            repositoryName: 'payments/payments-api',
            accountId: '123456789012',
            region: 'eu-west-1',
            encryption: {
              type: 'KMS',
              kmsKey:
                'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
            },
            lifecyclePolicy: {
              keepTaggedImages: 50,
              expireUntaggedAfterDays: 3,
            },
            pullAccountIds: ['210987654321', '345678901234'],
            tags: { team: 'payments', 'cost-center': 'cc-42' },
          },
        },
      ],
      output: {
        links: [
          {
            title: 'Image repository',
            url: '${{ steps.ecr.output.repositoryUri }}',
          },
        ],
      },
    }),
  },
];
