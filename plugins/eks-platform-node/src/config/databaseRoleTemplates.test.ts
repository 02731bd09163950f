import { ConfigReader } from '@backstage/config';
import { readDatabaseRoleTemplates } from './databaseRoleTemplates';

const read = (databaseRoleTemplates: object) =>
  readDatabaseRoleTemplates(
    new ConfigReader({ eksPlatform: { vault: { databaseRoleTemplates } } }),
  );

describe('readDatabaseRoleTemplates', () => {
  it('reads statements by template name', () => {
    expect(
      read({
        readonly: [
          'CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\';',
          'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}";',
        ],
      }),
    ).toEqual({
      readonly: [
        'CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\';',
        'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}";',
      ],
    });
    expect(readDatabaseRoleTemplates(new ConfigReader({}))).toEqual({});
  });

  it.each([
    [{ ReadOnly: ['CREATE ROLE "{{name}}";'] }, 'template names must be'],
    [{ readonly: [] }, 'must list one or more non-empty SQL statements'],
    [
      { readonly: ['GRANT SELECT ON x TO app;'] },
      'must create the user "{{name}}"',
    ],
  ])('refuses %j', (templates, message) => {
    expect(() => read(templates)).toThrow(message);
  });
});
