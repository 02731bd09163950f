import { Acl } from './acl';
import { parsePolicy } from './hcl';

describe('parsePolicy', () => {
  it('parses path blocks with capabilities, comments and parameter constraints', () => {
    const rules = parsePolicy(`
      # payments service
      path "secret/data/payments/*" {
        capabilities = ["read", "list"]
      }
      // metadata
      path "secret/metadata/payments/*" { capabilities = ["list"] }
      /* constraints */
      path "sys/policies/acl/payments" {
        capabilities = ["create", "update"]
        allowed_parameters = {
          "policy" = []
        }
      }
    `);
    expect(rules).toEqual([
      { path: 'secret/data/payments/*', capabilities: ['read', 'list'] },
      { path: 'secret/metadata/payments/*', capabilities: ['list'] },
      { path: 'sys/policies/acl/payments', capabilities: ['create', 'update'] },
    ]);
  });

  it('accepts the JSON form', () => {
    expect(
      parsePolicy('{"path": {"secret/data/x": {"capabilities": ["read"]}}}'),
    ).toEqual([{ path: 'secret/data/x', capabilities: ['read'] }]);
  });

  it.each([
    [
      'path "secret/*" { capabilities = ["reed"] }',
      'failed to parse policy: path "secret/*": invalid capability "reed"',
    ],
    [
      'pth "secret/*" { capabilities = ["read"] }',
      'failed to parse policy: invalid key "pth" on line 1',
    ],
    [
      'path "secret/*" { capabilities = ["read" }',
      'failed to parse policy: At 1:42: expected: , or ] got: }',
    ],
    [
      'path "secret/*" {',
      'failed to parse policy: At 1:17: expected: } got: EOF',
    ],
    [
      'path "secret/*" { capabilities = ["read"] } %',
      'failed to parse policy: At 1:45: illegal char',
    ],
  ])('rejects %s', (source, message) => {
    expect(() => parsePolicy(source)).toThrow(message);
  });
});

describe('Acl', () => {
  const acl = new Acl([
    parsePolicy(`
      path "secret/data/*" { capabilities = ["read"] }
      path "secret/data/team/*" { capabilities = ["create", "update"] }
      path "secret/data/team/locked" { capabilities = ["deny"] }
      path "secret/+/shared/*" { capabilities = ["list"] }
    `),
    parsePolicy('path "secret/data/team/*" { capabilities = ["read"] }'),
  ]);

  it('merges policies and prefers the most specific rule', () => {
    expect(acl.capabilities('secret/data/other')).toEqual(['read']);
    expect(acl.capabilities('secret/data/team/app')).toEqual([
      'create',
      'read',
      'update',
    ]);
    expect(acl.capabilities('secret/data/team/locked')).toEqual(['deny']);
    expect(acl.capabilities('secret/metadata/shared/x')).toEqual(['list']);
    expect(acl.capabilities('database/roles/x')).toEqual(['deny']);
    expect(acl.allows('secret/data/team/app', 'delete')).toBe(false);
  });
});
