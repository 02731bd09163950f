import { ChangeEvent, ReactNode, useEffect, useRef } from 'react';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import TextField from '@material-ui/core/TextField';
import { ErrorAnnouncement } from './ErrorAnnouncement';
import { watchFormErrors } from './focusFirstError';

/**
 * The text input of the golden-path form's own fields: its errors are shown
 * under it and announced, its `aria-describedby` names them, and the first
 * invalid field of the step gets the focus. Each field adds only what is
 * its own (input type and attributes, how typed text becomes a value).
 */
export function AnnouncedTextField<T>(props: {
  field: FieldExtensionComponentProps<T>;
  /** The id when the form gives none, and the label when the schema has no title. */
  fallbackId: string;
  fallbackLabel?: string;
  type?: string;
  /** Parts described besides `error` and `description` (e.g. `help`): `<id>__<part>`. */
  describedBy?: string[];
  inputProps?: Record<string, unknown>;
  parse: (text: string) => T | undefined;
  /** Called with the typed text when the input loses the focus. */
  onBlur?: (text: string) => void;
  /** Shown under the input, after its errors (e.g. a note the field adds). */
  children?: ReactNode;
}) {
  const {
    field,
    fallbackId,
    type,
    describedBy = [],
    inputProps,
    parse,
    onBlur,
    children,
  } = props;
  const {
    formData,
    onChange,
    schema,
    rawErrors = [],
    required,
    disabled,
    readonly,
    idSchema,
  } = field;
  const id = idSchema?.$id ?? fallbackId;
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => watchFormErrors(ref.current), []);
  const label = schema.title ?? props.fallbackLabel ?? id;
  const describers = ['error', 'description', ...describedBy].map(
    part => `${id}__${part}`,
  );
  return (
    <>
      <TextField
        id={id}
        inputRef={ref}
        label={label}
        type={type}
        value={formData ?? ''}
        required={required}
        disabled={disabled || readonly}
        error={rawErrors.length > 0}
        margin="normal"
        inputProps={{
          ...inputProps,
          'aria-describedby': describers.join(' '),
        }}
        onChange={(e: ChangeEvent<HTMLInputElement>) =>
          onChange(parse(e.target.value))
        }
        onBlur={(e: { target: { value: string } }) => onBlur?.(e.target.value)}
      />
      {children}
      <ErrorAnnouncement label={label} errors={rawErrors} />
    </>
  );
}
