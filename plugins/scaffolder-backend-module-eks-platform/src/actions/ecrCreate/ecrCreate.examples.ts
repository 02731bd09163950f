import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Create a repository for a new service of the form's owner with the defaults: immutable tags, scan on push, AES256, keep 30 tagged images, expire untagged after 7 days.",
    example: yaml.stringify({
      steps: [
        {
          id: 'ecr',
          action: 'eks:ecr:create',
          name: 'Create ECR repository',
          input: {
            repositoryName: '${{ parameters.name }}',
            owner: '${{ parameters.owner }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'KMS encryption, custom lifecycle, pulls from workload accounts listed in eksPlatform.tenancy.ecrPullAccounts, and tags, for a service already in the catalog (its spec.owner is the owner).',
    example: yaml.stringify({
      steps: [
        {
          id: 'ecr',
          action: 'eks:ecr:create',
          name: 'Create ECR repository',
          input: {
            repositoryName: 'payments/payments-api',
            encryption: {
              type: 'KMS',
              kmsKey:
                'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
            },
            lifecyclePolicy: {
              keepTaggedImages: 50,
              expireUntaggedAfterDays: 3,
            },
            pullAccountIds: ['210987654321'],
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
