import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { BOB, CAROL, ROOT, TEAM_B } from './trust';

/** The three refusals an action may answer hostile input with. */
export type Refusal =
  | typeof InputError
  | typeof NotAllowedError
  | typeof ConflictError;

/** One hostile input of a class of issue 10, and how it must be refused. */
export interface HostileCase {
  /** The hostile-input class, e.g. "reserved Vault name". */
  class: string;
  /** Input fields replacing the valid base input's. */
  input: Record<string, unknown>;
  refusal: Refusal;
  /** Who runs it (default: a member of the owning team). */
  user?: string;
  /** What exists before the attempt (another team's or an unmarked resource). */
  seed?: string;
  /** Part of the message that says what to fix. */
  message?: RegExp;
}

/**
 * jest.each rows named `<class>: <input>` (the report counts inputs and
 * classes from these names).
 */
export function hostileRows(
  cases: HostileCase[],
): Array<[string, HostileCase]> {
  return cases.map(c => [
    `${c.class}: ${JSON.stringify(c.input)}${c.user ? ` as ${c.user}` : ''}${
      c.seed ? ` over ${c.seed}` : ''
    }`,
    c,
  ]);
}

/** How many inputs and classes a table holds. */
export function hostileTally(cases: HostileCase[]) {
  return {
    inputs: cases.length,
    classes: new Set(cases.map(c => c.class)).size,
  };
}

/**
 * The caller classes every owner-checked eks:* action shares: callers
 * outside team A, an owner that contradicts the catalog, adoptExisting from
 * a non-admin, malformed owner or entity refs. `registered` is the input
 * that names team A's registered service `registered-svc` for this action.
 */
export function callerTrustCases(options: {
  registered: Record<string, unknown>;
  malformedRefs: Array<Record<string, unknown>>;
  adoptMessage?: RegExp;
}): HostileCase[] {
  return [
    ...[BOB, CAROL, ROOT].map(user => ({
      class: 'caller not a member of the owning group',
      input: {},
      user,
      refusal: NotAllowedError,
      message: /is not a member of group:default\/team-a/,
    })),
    {
      class: "owner other than the catalog's",
      input: { ...options.registered, owner: TEAM_B },
      user: BOB,
      refusal: ConflictError,
      message: /is owned by group:default\/team-a in the catalog/,
    },
    {
      class: 'adoptExisting from a non-admin',
      input: { adoptExisting: true },
      refusal: NotAllowedError,
      ...(options.adoptMessage ? { message: options.adoptMessage } : {}),
    },
    ...options.malformedRefs.map(input => ({
      class: 'malformed owner or entity ref',
      input,
      refusal: InputError,
    })),
  ];
}
