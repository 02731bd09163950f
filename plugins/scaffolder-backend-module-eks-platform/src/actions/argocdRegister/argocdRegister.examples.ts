import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'GitOps mode (default): open a pull request on the GitOps repository with an Application and values.yaml per environment.',
    example: yaml.stringify({
      steps: [
        {
          id: 'argocd',
          action: 'eks:argocd:register',
          name: 'Register in Argo CD',
          input: {
            name: '${{ parameters.name }}',
            namespace: '${{ parameters.namespace }}',
            environments: ['dev', 'stage', 'prod'],
            chartRepoUrl: '${{ steps.publish.output.remoteUrl }}',
            chartPath: 'chart',
            commonValues: {
              image: { repository: '${{ steps.ecr.output.repositoryUri }}' },
            },
            values: { prod: { replicaCount: 3 } },
            destination: {
              prod: { name: 'prod-eu-west-1' },
            },
            syncPolicy: { automated: true, prune: true, selfHeal: true },
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
      'API mode on a named instance: create or update the Applications through the Argo CD REST API.',
    example: yaml.stringify({
      steps: [
        {
          id: 'argocd',
          action: 'eks:argocd:register',
          name: 'Register in Argo CD',
          input: {
            mode: 'api',
            instance: 'main',
            name: 'payments-api',
            project: 'payments',
            namespace: 'payments',
            environments: ['dev'],
            chartRepoUrl: 'https://github.com/acme/payments-api.git',
            chartPath: 'chart',
            valueFiles: ['values.yaml', 'values-{env}.yaml'],
            syncPolicy: { automated: false },
          },
        },
      ],
    }),
  },
];
