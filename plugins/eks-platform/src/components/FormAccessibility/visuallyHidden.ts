import { CSSProperties } from 'react';

/**
 * Out of sight, still read by screen readers (and in their heading list):
 * the usual "visually hidden" rules, for text that only assistive
 * technology needs, such as an error announcement or a page's h1 above a
 * header that renders an h2.
 */
export const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
};
