import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { AnnouncedTextField } from '../FormAccessibility';

/**
 * The service name of the golden-path form: a text input whose errors (the
 * schema's plain `errorMessage`s and "name taken" from
 * `validateServiceName`) are announced, and which moves the focus to the
 * first invalid field of its step.
 */
export function ServiceNameField(props: FieldExtensionComponentProps<string>) {
  return (
    <AnnouncedTextField
      field={props}
      fallbackId="name"
      fallbackLabel="Service name"
      describedBy={['help']}
      inputProps={{ autoComplete: 'off', spellCheck: false }}
      parse={text => (text === '' ? undefined : text)}
    />
  );
}
