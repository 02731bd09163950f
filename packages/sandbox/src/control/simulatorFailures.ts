/*
 * Failures of the GitHub, Argo CD, Vault and ECR simulators, set over HTTP.
 * The simulators take them in-process (`setFailure`); an end-to-end test
 * drives a portal and a sandbox in other processes and needs the same
 * switch: "the next writes to the GitOps repository fail", then "clear".
 */

import type { FailureRule } from '../github/api/failures';
import type { FailureOptions } from '../shared/faultInjection';

/** What a simulator offers the control server. */
export interface FailingSimulator<Rule> {
  setFailure(rule: Rule): void;
  clearFailures(): void;
}

/** The simulators whose failures the control server sets. */
export interface ControlledSimulators {
  github?: FailingSimulator<FailureRule>;
  argocd?: FailingSimulator<FailureOptions>;
  vault?: FailingSimulator<FailureOptions>;
  ecr?: FailingSimulator<FailureOptions>;
}

export type SimulatorName = keyof ControlledSimulators;

type FieldKind = 'string' | 'integer' | 'boolean';

/** The body each simulator accepts: field → type. */
const FIELDS: Record<SimulatorName, Record<string, FieldKind>> = {
  github: {
    method: 'string',
    pathPattern: 'string',
    status: 'integer',
    times: 'integer',
    retryAfterSeconds: 'integer',
  },
  argocd: operationFields(),
  vault: operationFields(),
  ecr: operationFields(),
};

function operationFields(): Record<string, FieldKind> {
  return {
    operation: 'string',
    status: 'integer',
    times: 'integer',
    retryAfterSeconds: 'integer',
    hang: 'boolean',
    message: 'string',
  };
}

const HAS_KIND: Record<FieldKind, (value: unknown) => boolean> = {
  integer: value => Number.isSafeInteger(value),
  string: value =>
    typeof value === 'string' && value.length > 0 && value.length <= 200,
  boolean: value => typeof value === 'boolean',
};

export function isSimulatorName(name: string): name is SimulatorName {
  return Object.prototype.hasOwnProperty.call(FIELDS, name);
}

/** An example body per simulator, for the error messages. */
export const FAILURE_EXAMPLES: Record<SimulatorName, string> = {
  github:
    '{"method": "POST", "pathPattern": "/repos/platform/gitops/", "status": 503, "times": 10}',
  argocd: '{"operation": "createApplication", "status": 500, "times": 1}',
  vault: '{"operation": "kv.write", "status": 503, "times": 1}',
  ecr: '{"operation": "CreateRepository", "status": 500, "times": 1}',
};

/**
 * Why `body` is not a failure rule of `simulator`, or undefined when it is
 * one: an object with only known fields of the right types, short strings.
 * The simulator checks the values (status range, times ≥ 1) itself.
 */
export function failureRuleProblem(
  simulator: SimulatorName,
  body: unknown,
): string | undefined {
  const example = `e.g. ${FAILURE_EXAMPLES[simulator]}`;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return `the body must be a JSON object, ${example}`;
  }
  const fields = FIELDS[simulator];
  for (const [key, value] of Object.entries(body)) {
    const kind = fields[key];
    if (!kind) {
      return `unknown field '${key}' for ${simulator}; known fields: ${Object.keys(
        fields,
      ).join(', ')}`;
    }
    const ok = HAS_KIND[kind](value);
    if (key === 'times' && ok && (value as number) < 1) {
      return `times must be at least 1 (omit it to fail ${
        simulator === 'github' ? 'once' : 'until cleared'
      }), ${example}`;
    }
    if (!ok) {
      return `${key} must be ${
        {
          string: 'a string of 1 to 200 characters',
          integer: 'an integer',
          boolean: 'true or false',
        }[kind]
      }, ${example}`;
    }
  }
  return undefined;
}
