import { AuthService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_TEMPLATE_REF,
  ANNOTATION_TEMPLATE_VERSION,
} from '@internal/backstage-plugin-eks-platform-common';

/**
 * The current version of each golden-path template, read from the template
 * entity's `eks.platform/template-version` annotation with the plugin's own
 * credentials and kept for a while: a fleet of services shares a handful of
 * templates, so scoring does not cost a catalog read per service.
 */
export class TemplateVersions {
  private readonly cache = new Map<
    string,
    { at: number; version: Promise<string | undefined> }
  >();

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      ttlMs?: number;
      now?: () => number;
    },
  ) {}

  /** The current version of the entity's template; undefined when it cannot be known. */
  async currentFor(entity: Entity): Promise<string | undefined> {
    const ref = entity.metadata.annotations?.[ANNOTATION_TEMPLATE_REF];
    if (!ref) return undefined;
    const now = (this.options.now ?? Date.now)();
    const ttl = this.options.ttlMs ?? 5 * 60_000;
    const hit = this.cache.get(ref);
    if (hit && now - hit.at < ttl) return hit.version;
    const version = this.read(ref);
    this.cache.set(ref, { at: now, version });
    return version;
  }

  private async read(ref: string): Promise<string | undefined> {
    try {
      const template = await this.options.catalog.getEntityByRef(ref, {
        credentials: await this.options.auth.getOwnServiceCredentials(),
      });
      return template?.metadata.annotations?.[ANNOTATION_TEMPLATE_VERSION];
    } catch {
      // A malformed ref or a catalog hiccup: the version is not known.
      this.cache.delete(ref);
      return undefined;
    }
  }
}
