import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type {
  ActionsRegistryActionOptions,
  ActionsRegistryService,
} from '@backstage/backend-plugin-api/alpha';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { randomUUID } from 'node:crypto';
import { z } from 'zod/v3';

/** An eks:* input as the action files define it: one zod function per field. */
type InputFields = Record<string, (zod: typeof z) => z.ZodTypeAny>;

/** An upstream call of an agent's tool never waits longer than this. */
const WRITE_TIMEOUT_MS = 120_000;

export interface RegistryWrite {
  /** The tool's name, e.g. `eks-ecr-create` (the MCP tool is `scaffolder.eks-ecr-create`). */
  name: string;
  title: string;
  /** What it does and when an agent should call it. */
  description: string;
  /** The scaffolder action whose handler runs (the very same object the scaffolder runs). */
  action: TemplateAction<any, any, any>;
  input: InputFields;
  /** Repeats the same call without a second effect (all eks:* actions reconcile). */
  idempotent: boolean;
  /** May overwrite what is there (settings, policies, specs reconciled to the template's). */
  destructive: boolean;
  examples?: Array<{ title: string; input: Record<string, unknown> }>;
  /** What the agent reads of the action's outputs (default: all of them). */
  answer?: (outputs: Record<string, unknown>) => Record<string, unknown>;
}

/**
 * Runs a scaffolder action's own handler for an agent, with the calling
 * user's credentials as the task's initiator, and returns its outputs.
 * Checkpoints run once (an agent's call is not a recoverable task) and no
 * workspace is offered.
 */
export async function runAsCaller(
  action: TemplateAction<any, any, any>,
  input: Record<string, unknown>,
  credentials: BackstageCredentials,
  logger: LoggerService,
): Promise<Record<string, unknown>> {
  const outputs: Record<string, unknown> = {};
  const runId = `mcp-${randomUUID()}`;
  const signal = AbortSignal.timeout(WRITE_TIMEOUT_MS);
  const context = {
    input,
    // Only the action's own messages, attributed to the tool call.
    logger: logger.child({ action: action.id, run: runId }),
    output: (name: string, value: unknown) => {
      outputs[name] = value;
    },
    checkpoint: async ({ fn }: { key: string; fn: () => unknown }) => fn(),
    getInitiatorCredentials: async () => credentials,
    isDryRun: false,
    signal,
    task: { id: runId },
    workspacePath: '',
    createTemporaryDirectory: async () => {
      throw new Error(`${action.id} needs no workspace`);
    },
  };
  await action.handler(context as any);
  return outputs;
}

/**
 * Registers an eks:* scaffolder action on the actions registry, running its
 * own handler (ownership checks, validation, plain errors, audit events)
 * with the calling user's credentials: the caller is checked against the
 * service's owner exactly as in a template. Checkpoints run once (an agent's
 * call is not a recoverable task), dry runs are not offered, and outputs are
 * the action's outputs, which never carry a secret.
 */
export function registerWriteAction(
  registry: ActionsRegistryService,
  logger: LoggerService,
  write: RegistryWrite,
) {
  const options: ActionsRegistryActionOptions<any, any> = {
    name: write.name,
    title: write.title,
    description: `${write.description} Runs the scaffolder action ${write.action.id} with your own identity: you must be a member of the service's owning group.`,
    attributes: {
      readOnly: false,
      idempotent: write.idempotent,
      destructive: write.destructive,
    },
    schema: {
      input: zod =>
        zod.object(
          Object.fromEntries(
            Object.entries(write.input).map(([key, field]) => [
              key,
              field(zod),
            ]),
          ),
        ),
      // The scaffolder action's outputs, as they are (ids, paths, URLs).
      output: zod => zod.object({}).passthrough(),
    },
    examples: write.examples,
    action: async ({ input, credentials }) => {
      const outputs = await runAsCaller(
        write.action,
        input,
        credentials,
        logger,
      );
      return { output: write.answer ? write.answer(outputs) : outputs };
    },
  };
  registry.register(options);
}
