import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Pipeline variables from earlier steps (the platform's registry, account and region), and dev/stage/prod environments where prod needs a platform team review and deploys only from main, on the repository publish:github just created for the form's owner.",
    example: yaml.stringify({
      steps: [
        {
          id: 'github-settings',
          action: 'eks:github:repo:configure',
          name: 'Configure pipeline settings',
          input: {
            repoUrl: '${{ parameters.repoUrl }}',
            owner: '${{ parameters.owner }}',
            awsRoleArn:
              'arn:aws:iam::123456789012:role/github-actions/ecr-push',
            awsRegion: 'eu-west-1',
            ecrRegistry:
              '${{ steps.ecr.output.registryId }}.dkr.ecr.eu-west-1.amazonaws.com',
            ecrRepository: '${{ parameters.name }}',
            environments: [
              { name: 'dev' },
              { name: 'stage' },
              {
                name: 'prod',
                reviewers: { teams: ['platform'], users: ['jdoe'] },
                preventSelfReview: true,
                deploymentBranches: ['main'],
                variables: { KUBE_CLUSTER: 'prod-eu-west-1' },
              },
            ],
          },
        },
      ],
    }),
  },
];
