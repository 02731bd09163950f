import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';

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
