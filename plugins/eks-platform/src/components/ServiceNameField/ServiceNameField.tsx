import { useCallback, useState } from 'react';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import FormHelperText from '@material-ui/core/FormHelperText';
import { AnnouncedTextField } from '../FormAccessibility';
import { eksPlatformApiRef } from '../../api';
import { checkNameAvailability } from './nameAvailability';

/**
 * The service name of the golden-path form: a text input whose errors (the
 * schema's plain `errorMessage`s and "name taken" from
 * `validateServiceName`) are announced, and which moves the focus to the
 * first invalid field of its step. When the user leaves the field with the
 * name of a service one of their own teams owns (in the catalog, or only
 * as a repository of the platform's GitHub organisation, e.g. after a run
 * that stopped before registration), it says that creating it again is a
 * re-run (the validator lets it pass: it is not a clash).
 */
export function ServiceNameField(props: FieldExtensionComponentProps<string>) {
  const catalogApi = useApi(catalogApiRef);
  const identityApi = useApi(identityApiRef);
  const eksPlatformApi = useApi(eksPlatformApiRef);
  const [rerunNote, setRerunNote] = useState<string>();
  const id = props.idSchema?.$id ?? 'name';
  const onBlur = useCallback(
    (name: string) => {
      checkNameAvailability(name, { catalogApi, identityApi, eksPlatformApi })
        .then(availability =>
          setRerunNote(
            availability.state === 'yours' ? availability.message : undefined,
          ),
        )
        // The note is a courtesy; the validator and the run's preflight
        // still decide.
        .catch(() => setRerunNote(undefined));
    },
    [catalogApi, identityApi, eksPlatformApi],
  );
  return (
    <AnnouncedTextField
      field={props}
      fallbackId="name"
      fallbackLabel="Service name"
      describedBy={['help', 'rerun']}
      inputProps={{ autoComplete: 'off', spellCheck: false }}
      parse={text => (text === '' ? undefined : text)}
      onBlur={onBlur}
    >
      <FormHelperText id={`${id}__rerun`} role="status">
        {rerunNote ?? ''}
      </FormHelperText>
    </AnnouncedTextField>
  );
}
