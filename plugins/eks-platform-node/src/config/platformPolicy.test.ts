import { ConfigReader } from '@backstage/config';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import yaml from 'yaml';
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
      databases: [],
      tenancy: { allowLoopback: false, githubOrganizations: [] },
    });
  });

  describe('the repository’s app-config files', () => {
    /** Like the config loader: parse YAML, then substitute ${VAR} in string values. */
    const load = (file: string, env: Record<string, string> = {}) => {
      const substitute = (value: unknown): any => {
        if (typeof value === 'string') {
          return value.replace(
            /\$\{(\w+)\}/g,
            (_, name) => env[name] ?? `missing-${name}`,
          );
        }
        if (Array.isArray(value)) return value.map(substitute);
        if (value && typeof value === 'object') {
          return Object.fromEntries(
            Object.entries(value).map(([k, v]) => [k, substitute(v)]),
          );
        }
        return value;
      };
      const text = readFileSync(
        resolve(__dirname, '../../../..', file),
        'utf8',
      );
      return { context: file, data: substitute(yaml.parse(text)) };
    };

    it('app-config.yaml is the sandbox profile: loopback, the demo teams, three environments', () => {
      const policy = readPlatformPolicy(
        ConfigReader.fromConfigs([load('app-config.yaml')]),
      );
      expect(policy.tenancy.allowLoopback).toBe(true);
      expect(policy.platformAdmins).toEqual(['group:default/team-platform']);
      expect(policy.tenancy.teams.map(t => t.group)).toContain(
        'group:default/team-commerce',
      );
      expect(policy.environments.map(e => e.name)).toEqual([
        'dev',
        'stage',
        'prod',
      ]);
      expect(policy.environments.every(e => e.kafka)).toBe(true);
      expect(policy.databases.map(d => d.connection)).toEqual(['orders-db']);
      expect(Object.keys(policy.databases[0].environments)).toEqual([
        'dev',
        'stage',
        'prod',
      ]);
    });

    it('app-config.production.yaml on top turns loopback off and replaces the environments', () => {
      const policy = readPlatformPolicy(
        ConfigReader.fromConfigs([
          load('app-config.yaml'),
          load('app-config.production.yaml', {
            GITHUB_ORG: 'acme',
            AWS_ACCOUNT_ID: '123456789012',
            AWS_PROD_ACCOUNT_ID: '210987654321',
            AWS_REGION: 'eu-west-1',
            EKS_STAGE_API_URL: 'https://stage.eks.example.com',
            EKS_PROD_API_URL: 'https://prod.eks.example.com',
            ARGOCD_URL: 'https://argocd.example.com',
            VAULT_ADDR: 'https://vault.example.com',
          }),
        ]),
      );
      expect(policy.tenancy.allowLoopback).toBe(false);
      expect(policy.tenancy.teams).toEqual([]);
      expect(policy.tenancy.githubOrganizations).toEqual(['acme']);
      expect(policy.environments.map(e => e.name)).toEqual(['stage', 'prod']);
      // the sandbox's databases and event buses do not leak into production
      expect(policy.databases).toEqual([]);
      expect(policy.environments.map(e => e.kafka)).toEqual([
        undefined,
        undefined,
      ]);
    });
  });
});
