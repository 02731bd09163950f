import { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runGit } from './git';
import { GitTemplateHistory } from './templateHistory';

/** Where one upgradable template's versions live (eksPlatform.templateUpgrades.templates[]). */
export interface TemplateSource {
  ref: string;
  repository: string;
  path: string;
}

/** Reads eksPlatform.templateUpgrades.templates; a bad entry stops the start with its key. */
export function readTemplateSources(config: Config): TemplateSource[] {
  const list =
    config.getOptionalConfigArray('eksPlatform.templateUpgrades.templates') ??
    [];
  return list.map((entry, i) => {
    const key = `eksPlatform.templateUpgrades.templates[${i}]`;
    let ref: string;
    try {
      ref = stringifyEntityRef(
        parseEntityRef(entry.getString('ref'), { defaultKind: 'template' }),
      );
    } catch {
      throw new InputError(
        `${key}.ref must be a Template entity ref such as template:default/eks-service.`,
      );
    }
    const templatePath = entry.getString('path').replace(/^\.?\/+|\/+$/g, '');
    if (!templatePath || templatePath.split('/').includes('..')) {
      throw new InputError(
        `${key}.path must be the template's folder inside the repository, e.g. templates/eks-service.`,
      );
    }
    return {
      ref,
      repository: entry.getString('repository'),
      path: templatePath,
    };
  });
}

/** The configured source of `templateRef`, or NotFoundError listing the configured ones. */
export function findTemplateSource(
  sources: TemplateSource[],
  templateRef: string,
): TemplateSource {
  const source = sources.find(s => s.ref === templateRef);
  if (!source) {
    throw new NotFoundError(
      `${templateRef} is not an upgradable template here; configured under eksPlatform.templateUpgrades.templates: ${
        sources.map(s => s.ref).join(', ') || 'none'
      }.`,
    );
  }
  return source;
}

const fetched = new Map<string, Promise<string>>();

/**
 * The template's history: a local repository is read in place; a remote one
 * is cloned once (bare, into the temp folder) and fetched before each
 * upgrade, with the GitHub integration's credentials passed to git through
 * its environment, never its arguments.
 */
export async function openTemplateHistory(
  source: TemplateSource,
  access: {
    integrations: ScmIntegrationRegistry;
    credentialsProvider: GithubCredentialsProvider;
  },
): Promise<GitTemplateHistory> {
  const local = path.resolve(source.repository);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(source.repository)) {
    await fs.access(local).catch(() => {
      throw new NotFoundError(
        `The template repository ${local} of ${source.ref} does not exist; fix eksPlatform.templateUpgrades.templates.`,
      );
    });
    return new GitTemplateHistory({ gitDir: local, templatePath: source.path });
  }
  const url = new URL(source.repository);
  const env: Record<string, string> = {};
  if (access.integrations.github.byHost(url.host)) {
    const { token } = await access.credentialsProvider.getCredentials({
      url: source.repository,
    });
    if (token) {
      const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
      Object.assign(env, {
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: 'http.extraHeader',
        GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
      });
    }
  }
  const dir = path.join(
    os.tmpdir(),
    'eks-template-history',
    createHash('sha256').update(source.repository).digest('hex').slice(0, 16),
  );
  // One clone or fetch at a time per repository in this process.
  const previous = fetched.get(dir) ?? Promise.resolve('');
  const next = previous
    .catch(() => '')
    .then(async () => {
      const exists = await fs
        .access(path.join(dir, 'HEAD'))
        .then(() => true)
        .catch(() => false);
      if (!exists) {
        await fs.mkdir(path.dirname(dir), { recursive: true });
        await runGit(['clone', '--quiet', '--bare', source.repository, dir], {
          env,
        });
      } else {
        await runGit(
          [
            'fetch',
            '--quiet',
            '--prune',
            'origin',
            '+refs/heads/*:refs/heads/*',
          ],
          { cwd: dir, env },
        );
      }
      return dir;
    });
  fetched.set(dir, next);
  await next;
  return new GitTemplateHistory({ gitDir: dir, templatePath: source.path });
}
