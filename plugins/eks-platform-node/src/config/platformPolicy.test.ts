import { ConfigReader } from '@backstage/config';
import { readPlatformPolicy } from './platformPolicy';

describe('readPlatformPolicy', () => {
  it('reads the sandbox profile of app-config.yaml', () => {
    const policy = readPlatformPolicy(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'config', clusters: [{ name: 'dev' }] },
          ],
        },
        eksPlatform: {
          argocd: {
            instances: [
              { name: 'main', url: 'http://127.0.0.1:7110', token: 't' },
            ],
          },
          platformAdmins: ['group:default/team-platform'],
          tenancy: { allowLoopback: true, githubOrganizations: ['acme'] },
          vault: {
            url: 'http://127.0.0.1:7120',
            auth: { method: 'token', token: 't' },
            databaseRoleTemplates: { readonly: ['CREATE ROLE "{{name}}";'] },
          },
          environments: [
            {
              name: 'dev',
              cluster: 'dev',
              argocd: {
                instance: 'main',
                destinationServer: 'http://127.0.0.1:7101',
              },
              aws: { accountId: '123456789012', region: 'eu-west-1' },
              promotion: 'automatic',
            },
          ],
        },
      }),
    );
    expect(policy.platformAdmins).toEqual(['group:default/team-platform']);
    expect(policy.tenancy.allowLoopback).toBe(true);
    expect(policy.databaseRoleTemplates).toEqual({
      readonly: ['CREATE ROLE "{{name}}";'],
    });
    expect(policy.environments.map(e => e.name)).toEqual(['dev']);
  });

  it('is empty and closed with no config', () => {
    expect(readPlatformPolicy(new ConfigReader({}))).toMatchObject({
      platformAdmins: [],
      databaseRoleTemplates: {},
      environments: [],
      tenancy: { allowLoopback: false, githubOrganizations: [] },
    });
  });
});
