import { CSSProperties } from 'react';

/** Visually hidden, still read by screen readers. */
const hidden: CSSProperties = {
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

/**
 * Announces a field's errors as they appear (`role="alert"`). The visible
 * text is the scaffolder's error list under the field (id `<field>__error`,
 * which the input names in aria-describedby); this only makes the change
 * heard, so it is hidden from sight to avoid showing the sentence twice.
 */
export function ErrorAnnouncement(props: { label: string; errors: string[] }) {
  const { label, errors } = props;
  return (
    <span role="alert" style={hidden}>
      {errors.length > 0 ? `${label}: ${errors.join(' ')}` : ''}
    </span>
  );
}
