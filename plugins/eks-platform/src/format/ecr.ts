/*
 * ECR repository URIs look like
 * `<account>.dkr.ecr.<region>.amazonaws.com/<name>`; the console link needs
 * the parts.
 */
export interface EcrRepository {
  accountId: string;
  region: string;
  name: string;
  uri: string;
}

const ECR_URI =
  /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/(.+)$/;

export function parseEcrRepositoryUri(uri: string): EcrRepository | undefined {
  const match = ECR_URI.exec(uri.trim());
  if (!match) return undefined;
  return {
    accountId: match[1],
    region: match[2],
    name: match[3].replace(/[:@].*$/, ''),
    uri: uri.trim(),
  };
}

export function ecrConsoleUrl(repo: EcrRepository): string {
  return `https://${repo.region}.console.aws.amazon.com/ecr/repositories/private/${repo.accountId}/${repo.name}?region=${repo.region}`;
}

/** The tag (or digest) of an image reference, if it belongs to the repository. */
export function imageTagIn(
  repo: EcrRepository,
  image: string,
): string | undefined {
  if (!image.startsWith(`${repo.uri}:`) && !image.startsWith(`${repo.uri}@`))
    return undefined;
  return image.slice(repo.uri.length + 1);
}
