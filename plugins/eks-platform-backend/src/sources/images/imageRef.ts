/*
 * Where a running image came from, read from a container status's
 * `imageID` (`repo@sha256:…`, `docker-pullable://repo@sha256:…`) or, when
 * the runtime reports a bare digest, from the status's `image`.
 */

/** `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`: a private ECR registry. */
const ECR_HOST =
  /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?$/;

export interface ImageRef {
  /** Registry host, `docker.io` when the reference names none. */
  registry: string;
  /** Repository path inside the registry, e.g. `payments/order-service`. */
  repository: string;
  /** Set for private ECR registries. */
  ecr?: { accountId: string; region: string };
}

/** The first path segment is a registry host when it has a dot or a port, or is `localhost`. */
function isHost(segment: string) {
  return (
    segment.includes('.') || segment.includes(':') || segment === 'localhost'
  );
}

/** Parses `host/path[:tag][@digest]`; undefined for anything else. */
export function parseImageRef(reference: string): ImageRef | undefined {
  const withoutScheme = reference.replace(/^[a-z-]+:\/\//, '');
  const withoutDigest = withoutScheme.split('@')[0];
  if (!withoutDigest || withoutDigest.startsWith('sha256:')) return undefined;
  const slash = withoutDigest.indexOf('/');
  const first = slash >= 0 ? withoutDigest.slice(0, slash) : '';
  const hasHost = slash >= 0 && isHost(first);
  const registry = hasHost ? first.toLowerCase() : 'docker.io';
  let path = hasHost ? withoutDigest.slice(slash + 1) : withoutDigest;
  // A tag follows the last colon of the last path segment.
  const lastSlash = path.lastIndexOf('/');
  const colon = path.indexOf(':', lastSlash + 1);
  if (colon >= 0) path = path.slice(0, colon);
  if (!path || !/^[a-z0-9]+(?:[._\/-][a-z0-9]+)*$/.test(path)) return undefined;
  if (registry === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  const ecr = ECR_HOST.exec(registry);
  return {
    registry,
    repository: path,
    ...(ecr ? { ecr: { accountId: ecr[1], region: ecr[2] } } : {}),
  };
}

/** The reference of a container status: its imageID when that names a repository, else its image. */
export function runningImageRef(status: {
  imageID?: string;
  image?: string;
}): ImageRef | undefined {
  if (status.imageID?.includes('@')) return parseImageRef(status.imageID);
  return status.image ? parseImageRef(status.image) : undefined;
}
