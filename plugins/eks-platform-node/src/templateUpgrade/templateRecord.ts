import { InputError } from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { TEMPLATE_RECORD_PATH } from '@internal/backstage-plugin-eks-platform-common';
import { requireTemplateVersion } from './templateVersion';

export const TEMPLATE_RECORD_API_VERSION = 'eks.platform/template-record/v1';

/**
 * What a generated repository records in `.backstage/template.json`: the
 * template it came from, the version it is on, and the values the template
 * handed its skeleton (`fetch:template`'s `values`: the form's answers and
 * the platform facts resolved from them). The skeleton writes the file
 * itself, so an upgrade's new render brings the new version with it.
 */
export interface TemplateRecord {
  apiVersion: typeof TEMPLATE_RECORD_API_VERSION;
  templateRef: string;
  templateVersion: string;
  values: Record<string, unknown>;
}

/**
 * The deny-list: value keys (at any depth) that name secret material. A
 * record is a file in a repository every team member reads; the template
 * verification proves the template's values have none of these, and the
 * engine refuses a record that has.
 */
export const SECRET_VALUE_KEY =
  /(passw(or)?d|secret(?!s$|Paths?$)|token|api[-_]?key|private[-_]?key|credential(?!Paths?$)|client[-_]?secret|session|cookie|authorization)/i;

/**
 * The deny-list for values: strings shaped like credentials (GitHub and
 * Backstage tokens, AWS access keys, PEM private keys, JWTs, basic-auth
 * URLs) are never recorded, whatever their key.
 */
const SECRET_VALUE_SHAPES: Array<[string, RegExp]> = [
  ['a GitHub token', /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_\w{20,})/],
  ['an AWS access key', /\b(AKIA|ASIA)[A-Z0-9]{16}\b/],
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['a JSON Web Token', /\beyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/],
  ['a URL with a password', /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i],
];

/**
 * Every place in `values` that the deny-lists match, as `path: reason`.
 * Empty means the values may be recorded.
 */
export function secretLookingValues(
  values: unknown,
  path = 'values',
): string[] {
  if (Array.isArray(values)) {
    return values.flatMap((v, i) => secretLookingValues(v, `${path}[${i}]`));
  }
  if (values && typeof values === 'object') {
    return Object.entries(values as Record<string, unknown>).flatMap(
      ([key, v]) => {
        const here = `${path}.${key}`;
        return SECRET_VALUE_KEY.test(key)
          ? [`${here}: the key names secret material`]
          : secretLookingValues(v, here);
      },
    );
  }
  if (typeof values === 'string') {
    const shape = SECRET_VALUE_SHAPES.find(([, re]) => re.test(values));
    return shape ? [`${path}: looks like ${shape[0]}`] : [];
  }
  return [];
}

/** Throws InputError when `values` hold anything secret-looking. */
export function assertRecordable(values: unknown, where: string): void {
  const found = secretLookingValues(values);
  if (found.length) {
    throw new InputError(
      `${where} holds values that look secret (${found.join(
        '; ',
      )}); secrets are never recorded in a repository. Remove them and keep secrets in Vault.`,
    );
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Parses and checks a record read from a repository (hostile input: anyone
 * with write access can edit it). InputError says what to fix in
 * `.backstage/template.json`.
 */
export function parseTemplateRecord(text: string): TemplateRecord {
  const where = `${TEMPLATE_RECORD_PATH} of the repository`;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError(
      `${where} is not valid JSON (${
        (e as Error).message
      }); restore it from the repository's history.`,
    );
  }
  if (!isPlainObject(doc) || doc.apiVersion !== TEMPLATE_RECORD_API_VERSION) {
    throw new InputError(
      `${where} is not a template record: it needs "apiVersion": "${TEMPLATE_RECORD_API_VERSION}".`,
    );
  }
  return checkedRecord(doc, where);
}

/** A record built from parts (adoption), checked like one read from a repository. */
export function createTemplateRecord(input: {
  templateRef: string;
  templateVersion: string;
  values: Record<string, unknown>;
}): TemplateRecord {
  return checkedRecord(
    { apiVersion: TEMPLATE_RECORD_API_VERSION, ...input },
    'The adopted record',
  );
}

function checkedRecord(
  doc: Record<string, unknown>,
  where: string,
): TemplateRecord {
  let templateRef: string;
  try {
    if (typeof doc.templateRef !== 'string') throw new Error('not a string');
    templateRef = stringifyEntityRef(
      parseEntityRef(doc.templateRef, { defaultKind: 'template' }),
    );
  } catch {
    throw new InputError(
      `${where} has no valid "templateRef"; it names the template as an entity ref, e.g. "template:default/eks-service".`,
    );
  }
  if (!templateRef.startsWith('template:')) {
    throw new InputError(
      `${where} names ${templateRef} as its template; only a Template entity can be upgraded from.`,
    );
  }
  const templateVersion = requireTemplateVersion(
    `${where}: "templateVersion"`,
    doc.templateVersion,
  );
  if (!isPlainObject(doc.values)) {
    throw new InputError(
      `${where} has no "values" object: the values the template rendered the repository with.`,
    );
  }
  assertRecordable(doc.values, where);
  return {
    apiVersion: TEMPLATE_RECORD_API_VERSION,
    templateRef,
    templateVersion,
    values: doc.values,
  };
}

/** The record as the skeleton writes it (2-space JSON, as nunjucks' `dump(2)`). */
export function serializeTemplateRecord(record: TemplateRecord): string {
  return JSON.stringify(record, null, 2);
}
