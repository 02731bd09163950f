import yaml from 'yaml';
import { GitHubAccess, githubRequest } from '@internal/eks-platform-sandbox';

/*
 * The Helm values an environment's Application renders with, read the way
 * it layers them: the chart's values.yaml, then values-<env>.yaml (when the
 * chart has one), then the environment's values file in the GitOps
 * repository. Tests compare what runs in each cluster with these, so they
 * hold whatever the generated chart's defaults are.
 */

async function readYaml(
  github: GitHubAccess,
  repository: string,
  file: string,
  ref: string,
): Promise<Record<string, any>> {
  try {
    const text = await githubRequest<string>(
      github,
      'GET',
      `/repos/${repository}/contents/${file}?ref=${encodeURIComponent(ref)}`,
      undefined,
      'application/vnd.github.raw',
    );
    return yaml.parse(text) ?? {};
  } catch (error) {
    if (/answered 404/.test(String(error))) return {};
    throw error;
  }
}

/** Helm's merge of values files: maps merge key by key, anything else is replaced. */
export function mergeValues(
  base: Record<string, any>,
  override: Record<string, any>,
): Record<string, any> {
  const out: Record<string, any> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    out[key] =
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      current &&
      typeof current === 'object' &&
      !Array.isArray(current)
        ? mergeValues(current, value)
        : value;
  }
  return out;
}

export async function environmentValues(
  github: GitHubAccess,
  options: {
    serviceRepository: string;
    gitopsRepository: string;
    service: string;
    environment: string;
  },
): Promise<Record<string, any>> {
  const layers = [
    await readYaml(
      github,
      options.serviceRepository,
      'chart/values.yaml',
      'main',
    ),
    await readYaml(
      github,
      options.serviceRepository,
      `chart/values-${options.environment}.yaml`,
      'main',
    ),
    await readYaml(
      github,
      options.gitopsRepository,
      `apps/${options.service}/${options.environment}/values.yaml`,
      'main',
    ),
  ];
  return layers.reduce(mergeValues, {});
}
