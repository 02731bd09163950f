import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { AnnouncedTextField } from '../FormAccessibility';

/** The typed text as a number; empty text is no value (the form says "required"). */
export function parseCount(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * A replica or disruption-budget number of the golden-path form. Unlike the
 * stock number input it sets no `min`/`max` attributes: those made the
 * browser show its own short-lived tooltip ("must be ≤ 4") before the form
 * could say which number works with the others. The limits are still the
 * schema's (with plain `errorMessage`s), and the cross-field rules come
 * from `validateReplicaCount`; both are shown under the field, announced,
 * and the first invalid field gets the focus.
 */
export function ReplicaCountField(
  props: FieldExtensionComponentProps<number | undefined>,
) {
  return (
    <AnnouncedTextField
      field={props}
      fallbackId="replicas"
      type="number"
      // No min/max: the browser's own tooltips named the wrong limit.
      // Any step: a fraction gets the form's sentence, not a tooltip.
      inputProps={{ step: 'any' }}
      parse={parseCount}
    />
  );
}
