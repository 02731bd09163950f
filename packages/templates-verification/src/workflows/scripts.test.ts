import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { skeletonDir } from '../paths';

const script = path.join(skeletonDir, '.github', 'scripts', 'promote.sh');

function shellcheck(file: string) {
  return spawnSync('shellcheck', ['--severity=style', file], {
    encoding: 'utf8',
  });
}

describe('workflow scripts', () => {
  it('promote.sh passes shellcheck (Debian package shellcheck)', () => {
    const result = shellcheck(script);
    expect(result.error).toBeUndefined();
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  it('shellcheck does flag a broken script (not a vacuous check)', () => {
    const file = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'sc-')),
      'bad.sh',
    );
    fs.writeFileSync(file, '#!/usr/bin/env bash\nrm -rf $DIR/*\n');
    expect(shellcheck(file).status).not.toBe(0);
  });

  it('refuses to run without its inputs and with a tag that is not a commit SHA', () => {
    const base = { PATH: process.env.PATH ?? '' };
    const missing = spawnSync('bash', [script], {
      encoding: 'utf8',
      env: base,
    });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('GH_TOKEN is not set');
    const badTag = spawnSync('bash', [script], {
      encoding: 'utf8',
      env: {
        ...base,
        GH_TOKEN: 't',
        GITOPS_REPOSITORY: 'platform/gitops',
        SERVICE_NAME: 'orders',
        IMAGE_TAG: 'latest; rm -rf /',
        ENVIRONMENT: 'dev',
        ARGOCD_SERVER: 'https://argocd.example.com',
        ARGOCD_AUTH_TOKEN: 't',
      },
    });
    expect(badTag.status).toBe(1);
    expect(badTag.stderr).toContain('IMAGE_TAG must be a full git SHA');
  });

  it.each([
    ['SERVICE_NAME', '../orders', 'SERVICE_NAME must be a DNS label'],
    ['ENVIRONMENT', 'prod;id', 'ENVIRONMENT must be a DNS label'],
    [
      'GITOPS_REPOSITORY',
      'platform/gitops/../x',
      'GITOPS_REPOSITORY must be owner/repo',
    ],
    [
      'ARGOCD_SERVER',
      'file:///etc/passwd',
      'ARGOCD_SERVER must be an http(s) URL',
    ],
  ])('refuses %s=%j before any network call', (name, value, message) => {
    const result = spawnSync('bash', [script], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        GH_TOKEN: 't',
        GITOPS_REPOSITORY: 'platform/gitops',
        SERVICE_NAME: 'orders',
        IMAGE_TAG: 'a'.repeat(40),
        ENVIRONMENT: 'dev',
        // Nothing listens here: a call would fail differently.
        ARGOCD_SERVER: 'http://127.0.0.1:9',
        ARGOCD_AUTH_TOKEN: 't',
        [name]: value,
      },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
  });
});
