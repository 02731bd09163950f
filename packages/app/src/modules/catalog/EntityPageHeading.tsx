import { ReactNode } from 'react';
import { useRouteRefParams } from '@backstage/core-plugin-api';
import {
  entityRouteRef,
  useEntityPresentation,
} from '@backstage/plugin-catalog-react';
import { visuallyHidden } from '@internal/backstage-plugin-eks-platform';

/**
 * The entity's name as the page's h1, before the entity page. The visible
 * title is @backstage/ui's Header, which renders an h2 (it expects a plugin
 * header h1 above it, and has no heading-level prop in 1.55); the page
 * itself had no h1. Named as the header names it (its presentation title).
 */
export function EntityPageHeading({ children }: { children: ReactNode }) {
  const { kind, namespace, name } = useRouteRefParams(entityRouteRef);
  const { primaryTitle } = useEntityPresentation(
    `${kind}:${namespace}/${name}`,
  );
  return (
    <>
      <h1 style={visuallyHidden}>{primaryTitle}</h1>
      {children}
    </>
  );
}
