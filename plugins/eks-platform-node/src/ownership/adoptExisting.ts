import { z } from 'zod/v3';

/**
 * The action input that asks to adopt a pre-existing resource without an
 * owner marker. Every action uses exactly this name, so the permission
 * policy can deny it to everyone but platform admins in one rule.
 */
export const ADOPT_EXISTING_INPUT = 'adoptExisting';

/**
 * The input's schema, for an action's input schema:
 * `{ ...,  [ADOPT_EXISTING_INPUT]: adoptExistingInputSchema }`.
 */
export function adoptExistingInputSchema(
  zImpl: typeof z,
): z.ZodOptional<z.ZodBoolean> {
  return zImpl
    .boolean({
      description:
        'Platform admins only: take over a resource of this name that exists without an owner marker (it gets the marker of this service). Default false.',
    })
    .optional();
}
