import { DescribeExisting } from './plainErrors';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** A clone URL as the page a person opens (…/repo.git → …/repo). */
function browseUrl(url: string): string {
  return url.replace(/\.git$/, '');
}

/**
 * What the golden path created before each of its later steps, read from
 * that step's own input (the template passes the earlier steps' outputs):
 * a failure there says exactly what is kept.
 */
export const existingBeforeArgoCd: DescribeExisting = input => {
  const found: string[] = [];
  const repo = text(input.chartRepoUrl);
  // In parentheses: the task page renders the message as Markdown, which
  // links a bare URL, and the closing parenthesis ends it cleanly.
  if (repo) found.push(`the source repository (${browseUrl(repo)})`);
  const image = text(input.imageRepository);
  if (image) found.push(`the ECR repository ${image}`);
  if (found.length > 0) {
    found.push("the repository's CI variables and deployment environments");
  }
  return found;
};

export const existingBeforeRepoSettings: DescribeExisting = input => {
  const found: string[] = [];
  const repo = text(input.repoUrl);
  if (repo) found.push(`the source repository (${repo})`);
  const ecr = text(input.ecrRepository);
  if (ecr) found.push(`the ECR repository ${ecr}`);
  return found;
};

export const existingBeforeVault: DescribeExisting = input => {
  const service = text(input.serviceName);
  return service
    ? [`the source repository and ECR repository of ${service}`]
    : [];
};
