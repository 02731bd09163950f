import { ChangeEvent, useEffect, useRef } from 'react';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import TextField from '@material-ui/core/TextField';
import { ErrorAnnouncement, watchFormErrors } from '../FormAccessibility';

/**
 * The service name of the golden-path form: a text input whose errors (the
 * schema's plain `errorMessage`s and "name taken" from
 * `validateServiceName`) are announced, and which moves the focus to the
 * first invalid field of its step.
 */
export function ServiceNameField(props: FieldExtensionComponentProps<string>) {
  const {
    formData,
    onChange,
    schema,
    rawErrors = [],
    required,
    disabled,
    readonly,
    idSchema,
  } = props;
  const id = idSchema?.$id ?? 'name';
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => watchFormErrors(ref.current), []);
  const label = schema.title ?? 'Service name';
  return (
    <>
      <TextField
        id={id}
        inputRef={ref}
        label={label}
        value={formData ?? ''}
        required={required}
        disabled={disabled || readonly}
        error={rawErrors.length > 0}
        margin="normal"
        inputProps={{
          autoComplete: 'off',
          spellCheck: false,
          'aria-describedby': `${id}__error ${id}__description ${id}__help`,
        }}
        onChange={(e: ChangeEvent<HTMLInputElement>) =>
          onChange(e.target.value === '' ? undefined : e.target.value)
        }
      />
      <ErrorAnnouncement label={label} errors={rawErrors} />
    </>
  );
}
