import { useEffect, useRef } from 'react';
import { ResponseError } from '@backstage/errors';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { PlatformEnvironmentSummary } from '@internal/backstage-plugin-eks-platform-common';
import Checkbox from '@material-ui/core/Checkbox';
import CircularProgress from '@material-ui/core/CircularProgress';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useEnvironments } from './useEnvironments';

/** ui:options of the field. */
export interface EnvironmentPickerUiOptions {
  /** Select every environment when the form opens without a value. Default true. */
  selectAllByDefault?: boolean;
}

/** The backend's own words (a ResponseError carries them in its body). */
function errorText(error: Error): string {
  const body = (error as Partial<ResponseError>).body;
  return body?.error?.message ?? error.message;
}

function promotionText(env: PlatformEnvironmentSummary): string {
  return env.promotion === 'automatic'
    ? 'deployed on merge'
    : 'promoted by pull request';
}

function EnvironmentLabel({ env }: { env: PlatformEnvironmentSummary }) {
  return (
    <span>
      <Typography component="span" variant="body1">
        {env.title}
        {env.title !== env.name ? ` (${env.name})` : ''}
      </Typography>
      <Typography component="span" variant="body2" color="textSecondary">
        {` — cluster ${env.cluster}, ${env.region}, ${promotionText(env)}`}
        {env.description ? `. ${env.description}` : ''}
      </Typography>
    </span>
  );
}

/**
 * The golden-path form's environment choice: the environments of
 * `eksPlatform.environments` (from `GET /api/eks-platform/v1/environments`),
 * as checkboxes in config order. Its value is the list of chosen names; the
 * scaffolder actions re-check them against config, so this field is a
 * convenience, never a security boundary.
 */
export function EnvironmentPicker(
  props: FieldExtensionComponentProps<string[], EnvironmentPickerUiOptions>,
) {
  const {
    formData,
    onChange,
    schema,
    uiSchema,
    rawErrors,
    required,
    disabled,
    idSchema,
  } = props;
  const loaded = useEnvironments();
  const selectAll = uiSchema?.['ui:options']?.selectAllByDefault ?? true;
  const environments =
    loaded.state === 'loaded' ? loaded.environments : undefined;

  // The form's JSON-schema defaults give an array field `[]`, or an empty
  // item per minItems (`[undefined]`, `['']`): none of them is a choice. A new form starts with every
  // environment (the platform's order), once; a value the user or a query
  // string set is kept, and unchecking everything later stays unchecked.
  const chosen = (formData ?? []).filter(
    (name): name is string => typeof name === 'string' && name !== '',
  );
  const initialised = useRef(false);
  useEffect(() => {
    if (!environments || initialised.current) return;
    initialised.current = true;
    if (chosen.length === 0 && selectAll && environments.length > 0) {
      onChange(environments.map(e => e.name));
    }
  }, [environments, chosen.length, selectAll, onChange]);

  const title = schema.title ?? 'Environments';
  const id = idSchema?.$id ?? 'environments';

  function toggle(name: string, checked: boolean) {
    const next = new Set(chosen);
    if (checked) next.add(name);
    else next.delete(name);
    // Keep config order: promotion follows it.
    onChange((environments ?? []).map(e => e.name).filter(n => next.has(n)));
  }

  let body;
  if (loaded.state === 'loading') {
    body = (
      <FormHelperText component="div" role="status">
        <CircularProgress size={16} /> Loading the platform's environments…
      </FormHelperText>
    );
  } else if (loaded.state === 'error') {
    body = (
      <Alert severity="error">
        Could not load the platform's environments: {errorText(loaded.error)}
        Reload the page; if it persists, ask the platform team.
      </Alert>
    );
  } else if (loaded.environments.length === 0) {
    body = (
      <Alert severity="warning">
        The platform has no environments configured yet
        (eksPlatform.environments). Ask the platform team to add one.
      </Alert>
    );
  } else {
    body = (
      <FormGroup>
        {loaded.environments.map(env => (
          <FormControlLabel
            key={env.name}
            control={
              <Checkbox
                id={`${id}-${env.name}`}
                name={env.name}
                checked={chosen.includes(env.name)}
                disabled={disabled}
                onChange={(_, checked) => toggle(env.name, checked)}
              />
            }
            label={<EnvironmentLabel env={env} />}
          />
        ))}
      </FormGroup>
    );
  }

  // Chosen names the platform no longer offers (an old link or query
  // string): shown, so the user knows why the run would be refused.
  const unknown = environments
    ? chosen.filter(n => !environments.some(e => e.name === n))
    : [];

  return (
    <FormControl
      component="fieldset"
      required={required}
      error={(rawErrors?.length ?? 0) > 0 || unknown.length > 0}
      fullWidth
      margin="normal"
    >
      <FormLabel component="legend">{title}</FormLabel>
      {body}
      {unknown.length > 0 && (
        <FormHelperText>
          Not a platform environment: {unknown.join(', ')}
        </FormHelperText>
      )}
      {schema.description && (
        <FormHelperText>{schema.description}</FormHelperText>
      )}
    </FormControl>
  );
}
