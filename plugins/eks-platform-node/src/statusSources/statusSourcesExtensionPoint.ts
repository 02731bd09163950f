import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import type {
  ExtraSourceStatus,
  SourceResult,
} from '@internal/backstage-plugin-eks-platform-common';

/**
 * A source of a service's status that a backend module adds to the
 * eks-platform backend (CloudWatch alarms, an uptime checker, a security
 * scanner...). The backend asks it for every status it assembles, within
 * `deadlineMs`, alongside Kubernetes, alerts, traces and Argo CD; its
 * findings count in the overall health like theirs.
 */
export interface EksPlatformStatusSource {
  /** Stable id, lower-case with dashes: the key in `extraSources`. */
  id: string;
  /** Label of its line, e.g. "CloudWatch alarms". */
  title: string;
  /**
   * What the source says about `entity`. Answer `not-configured` with a
   * `hint` for an entity it does not cover; `error` (with a message that
   * names no secret and no URL) when its upstream fails. A thrown error or
   * a missed deadline reads as `error` too.
   */
  forEntity(
    entity: Entity,
    options: { signal: AbortSignal },
  ): Promise<SourceResult<ExtraSourceStatus>>;
  /**
   * Changes whenever what the source would answer may have changed (e.g.
   * its last poll's generation). Without it, statuses with this source are
   * assembled on every read instead of memoized.
   */
  version?(): Promise<string> | string;
  /** Upper bound for one `forEntity`, default 2000 ms. */
  deadlineMs?: number;
}

/** Lets backend modules add status sources to the eks-platform backend. */
export interface EksPlatformStatusSourcesExtensionPoint {
  addStatusSource(...sources: EksPlatformStatusSource[]): void;
}

/**
 * The eks-platform backend's status-sources extension point: see
 * docs/extending.md ("Add a status source").
 *
 * @public
 */
export const eksPlatformStatusSourcesExtensionPoint =
  createExtensionPoint<EksPlatformStatusSourcesExtensionPoint>({
    id: 'eks-platform.status-sources',
  });
