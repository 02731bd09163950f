import { ReactNode } from 'react';
import { Link } from '@backstage/core-components';
import { httpLinkOrUndefined } from '@internal/backstage-plugin-eks-platform-common';

export interface HttpLinkProps {
  /** A URL from the status API: an upstream's or an annotation's. */
  href: string | undefined;
  children: ReactNode;
  'aria-label'?: string;
  /** Render nothing instead of the plain text when the link is not http(s). */
  hideWhenUnsafe?: boolean;
}

/**
 * A link only for absolute http(s) URLs. The backend already drops every
 * other scheme; this is the second fence, so that a `javascript:` or
 * `data:` URL from an upstream or an annotation never becomes a clickable
 * link even if a response were tampered with or came from an older backend.
 * Anything else renders as plain text (or nothing).
 */
export function HttpLink({
  href,
  children,
  hideWhenUnsafe,
  'aria-label': ariaLabel,
}: HttpLinkProps) {
  const safe = httpLinkOrUndefined(href);
  if (safe)
    return (
      <Link to={safe} aria-label={ariaLabel}>
        {children}
      </Link>
    );
  return hideWhenUnsafe ? null : <span>{children}</span>;
}
