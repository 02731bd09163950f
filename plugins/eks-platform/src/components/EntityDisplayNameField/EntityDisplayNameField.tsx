import { useEffect, useRef } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { displayNamesOf, printable, refsOf } from './entityDisplayNames';

export interface EntityDisplayNameOptions {
  /** The form field holding the ref(s), e.g. `owner`. */
  entityRefField: string;
  /** The kind a short ref in that field means (as the picker's `defaultKind`). */
  defaultKind?: string;
}

/** Longest value written when the schema gives no maxLength. */
const DEFAULT_MAX_LENGTH = 500;

/**
 * `ui:field: EksEntityDisplayName`: a hidden companion of an entity picker.
 * It reads the picker's value from the form's data (`formContext.formData`,
 * which the scaffolder's stepper keeps current), resolves it to display
 * names through the catalog, and stores them, so the Review step (which
 * shows values as they are) says "Commerce team" where the picker stores
 * `group:default/team-commerce`. It renders nothing; the template hides
 * the raw field on Review (`ui:backstage.review.show: false`). The value
 * is for the Review step only: no step of the template reads it.
 */
export function EntityDisplayNameField(
  props: FieldExtensionComponentProps<
    string | undefined,
    EntityDisplayNameOptions
  >,
) {
  const { uiSchema, formContext, schema } = props;
  const options: Partial<EntityDisplayNameOptions> =
    uiSchema?.['ui:options'] ?? {};
  const formData = formContext?.formData as Record<string, unknown> | undefined;
  const source = options.entityRefField
    ? formData?.[options.entityRefField]
    : undefined;
  const catalogApi = useApi(catalogApiRef);
  // RJSF hands a new onChange on every render: keep the latest without
  // making it (or the value it writes) a reason to look up again.
  const latest = useRef({ onChange: props.onChange, formData: props.formData });
  latest.current = { onChange: props.onChange, formData: props.formData };
  const refs = refsOf(source);
  const key = JSON.stringify(refs);
  const maxLength = schema.maxLength ?? DEFAULT_MAX_LENGTH;

  useEffect(() => {
    const write = (value: string | undefined) => {
      if (value !== latest.current.formData) latest.current.onChange(value);
    };
    const wanted: string[] = JSON.parse(key);
    if (wanted.length === 0) {
      write(undefined);
      return undefined;
    }
    let current = true;
    displayNamesOf(wanted, { catalogApi, defaultKind: options.defaultKind })
      .then(names => {
        if (!current) return;
        const line = names.map(name => printable(name, maxLength)).join(', ');
        write(printable(line, maxLength));
      })
      .catch(() => {
        if (current) write(printable(wanted.join(', '), maxLength));
      });
    return () => {
      current = false;
    };
  }, [key, catalogApi, options.defaultKind, maxLength]);

  return null;
}
