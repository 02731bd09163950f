import { JsonValue } from '@backstage/types';

/**
 * One side effect of an action, split in two: `prepare` reads the resource
 * and decides whether this run may change it (decideOwnership; it throws a
 * ConflictError or NotAllowedError otherwise) and returns `apply`, which
 * writes. Nothing is written in `prepare`.
 */
export interface PreparedStep {
  /** The checkpoint key: deterministic, so a recovered task replays it. */
  key: string;
  /** What is in place once the step ran, for the "Already in place" log. */
  label: string;
  prepare(): Promise<() => Promise<JsonValue>>;
}

/**
 * Runs the steps so that a refusal comes before any side effect: every
 * step is prepared (read and decided) first, on every run of the action
 * (a recovered task reads and decides afresh), then each one is applied
 * inside its checkpoint. A step a recovered task already completed is
 * replayed from its checkpoint and not applied again.
 * `done` collects the labels of the steps in place, for error messages.
 * Returns what each step's apply returned (or its checkpoint replayed).
 */
export async function runPreparedSteps(
  ctx: {
    checkpoint<T extends JsonValue | void>(options: {
      key: string;
      fn: () => Promise<T> | T;
    }): Promise<T>;
  },
  steps: PreparedStep[],
  done: string[] = [],
): Promise<JsonValue[]> {
  const applies: Array<() => Promise<JsonValue>> = [];
  for (const step of steps) applies.push(await step.prepare());
  const results: JsonValue[] = [];
  for (const [i, step] of steps.entries()) {
    results.push(await ctx.checkpoint({ key: step.key, fn: applies[i] }));
    done.push(step.label);
  }
  return results;
}
