import { z } from 'zod/v3';

/**
 * An action's input schema as `createTemplateAction` takes it: one zod
 * function per field.
 */
export type InputSchema = {
  [key: string]: (zImpl: typeof z) => z.ZodType;
};

type Inferred<S extends InputSchema> = {
  [K in keyof S]: z.infer<ReturnType<S[K]>>;
};

/** Resolves a computed object type to its plain properties. */
type Expand<T> = T extends infer O ? { [K in keyof O]: O[K] } : never;

/**
 * An input schema whose type names only the input it accepts (`T`), not
 * zod's internal classes: that keeps it exportable (declaration files cannot
 * name zod/v3's internal modules) while `createTemplateAction` still infers
 * `ctx.input` as `T`.
 */
export type TypedInputSchema<T> = {
  [K in keyof T]-?: (zImpl: typeof z) => z.ZodType<T[K]>;
};

/**
 * Declares an action's input schema on its own, so that the code validating
 * the input is typed from the very schema the runner checks, with no
 * hand-written interface that could drift from it.
 */
export function defineInputSchema<S extends InputSchema>(
  schema: S,
): TypedInputSchema<Expand<Inferred<S>>> {
  return schema as unknown as TypedInputSchema<Expand<Inferred<S>>>;
}

/**
 * The input an action's handler receives (`ctx.input`), typed from its
 * schema; fields that may be undefined are optional, so callers and tests
 * can leave them out.
 */
export type ActionInput<S> = S extends TypedInputSchema<infer T>
  ? Expand<
      {
        [K in keyof T as undefined extends T[K] ? never : K]: T[K];
      } & {
        [K in keyof T as undefined extends T[K] ? K : never]?: T[K];
      }
    >
  : never;
