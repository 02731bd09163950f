import { visuallyHidden } from './visuallyHidden';

/**
 * Announces a field's errors as they appear (`role="alert"`). The visible
 * text is the scaffolder's error list under the field (id `<field>__error`,
 * which the input names in aria-describedby); this only makes the change
 * heard, so it is hidden from sight to avoid showing the sentence twice.
 */
export function ErrorAnnouncement(props: { label: string; errors: string[] }) {
  const { label, errors } = props;
  return (
    <span role="alert" style={visuallyHidden}>
      {errors.length > 0 ? `${label}: ${errors.join(' ')}` : ''}
    </span>
  );
}
