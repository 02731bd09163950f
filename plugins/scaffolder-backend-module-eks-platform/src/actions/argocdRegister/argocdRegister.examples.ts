import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "GitOps mode (default): a pull request on the platform's GitOps repository with the team's AppProject and, per environment, an Application and its values. Destinations, namespaces and sync policies come from eksPlatform.environments.",
    example: yaml.stringify({
      steps: [
        {
          id: 'argocd',
          action: 'eks:argocd:register',
          name: 'Register in Argo CD',
          input: {
            name: '${{ parameters.name }}',
            owner: '${{ parameters.owner }}',
            environments: ['dev', 'stage', 'prod'],
            chartRepoUrl: '${{ steps.publish.output.remoteUrl }}',
            imageRepository: '${{ steps.ecr.output.repositoryUri }}',
          },
        },
      ],
      output: {
        links: [
          {
            title: 'GitOps pull request',
            url: '${{ steps.argocd.output.pullRequestUrl }}',
          },
          { title: 'Argo CD', url: '${{ steps.argocd.output.url }}' },
        ],
      },
    }),
  },
  {
    description:
      "API mode: create or reconcile the AppProject and the Applications through the Argo CD REST API, in one of the team's namespaces.",
    example: yaml.stringify({
      steps: [
        {
          id: 'argocd',
          action: 'eks:argocd:register',
          name: 'Register in Argo CD',
          input: {
            mode: 'api',
            name: 'payments-api',
            owner: 'group:default/team-payments',
            environments: ['dev'],
            namespace: 'payments',
            chartRepoUrl: 'https://github.com/acme/payments-api.git',
            chartPath: 'chart',
            targetRevision: 'main',
          },
        },
      ],
    }),
  },
  {
    description:
      'A platform admin adopts Applications that exist without an owner marker (anyone else gets NotAllowedError).',
    example: yaml.stringify({
      steps: [
        {
          id: 'argocd',
          action: 'eks:argocd:register',
          name: 'Adopt in Argo CD',
          input: {
            mode: 'api',
            name: 'legacy-api',
            owner: 'group:default/team-payments',
            environments: ['dev', 'prod'],
            chartRepoUrl: 'https://github.com/acme/legacy-api.git',
            adoptExisting: true,
          },
        },
      ],
    }),
  },
];
