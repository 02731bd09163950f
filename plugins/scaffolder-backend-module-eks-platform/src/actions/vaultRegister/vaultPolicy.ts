/**
 * The ACL policy for one service: read-only access to exactly its KV v2
 * secret paths (data and metadata), plus its database credentials when a
 * database role is requested. No globs, no list on parents, no write:
 * least privilege for a workload.
 */
export function servicePolicy(options: {
  serviceName: string;
  kvMount: string;
  secretPaths: string[];
  databaseCredsPath?: string;
}): string {
  const lines = [
    `# Managed by Backstage (eks:vault:register) for service "${options.serviceName}".`,
  ];
  for (const path of [...options.secretPaths].sort()) {
    lines.push(
      '',
      `path "${options.kvMount}/data/${path}" {`,
      '  capabilities = ["read"]',
      '}',
      `path "${options.kvMount}/metadata/${path}" {`,
      '  capabilities = ["read"]',
      '}',
    );
  }
  if (options.databaseCredsPath) {
    lines.push(
      '',
      `path "${options.databaseCredsPath}" {`,
      '  capabilities = ["read"]',
      '}',
    );
  }
  return `${lines.join('\n')}\n`;
}
