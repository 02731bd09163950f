import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { upstreamBinary } from '@internal/eks-platform-sandbox';

/*
 * Terraform configuration as HashiCorp's HCL parser sees it, through
 * tools/upstreams/hcl2json (built by the upstream bootstrap from the pinned
 * github.com/hashicorp/hcl/v2). Values are what Terraform would know before
 * calling any provider: variables (defaults and .tfvars), locals, functions;
 * provider-side values only when assumed.
 */

export interface HclAttribute {
  /** The expression's source text. */
  expr: string;
  /** file:line */
  range: string;
  /** References the expression makes: var.x, local.y, data.t.n[0].arn … */
  references: string[];
  /** The value, when it is known without a provider. */
  value?: unknown;
}

export interface HclBody {
  attributes: Record<string, HclAttribute>;
  blocks: HclBlock[];
}

export interface HclBlock extends HclBody {
  type: string;
  labels: string[];
  range: string;
}

export interface HclDiagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail?: string;
  range?: string;
}

export interface TerraformModule {
  /** Parsed files by path. */
  files: Record<string, HclBody>;
  /** Per file (.tf and .tfvars): already in `terraform fmt`'s layout (hclwrite's canonical format). */
  formatted: Record<string, boolean>;
  /** Every variable's value (null when not known before apply). */
  variables: Record<string, unknown>;
  locals: Record<string, unknown>;
  diagnostics: HclDiagnostic[];
}

export interface ParseOptions {
  /** .tfvars files, later ones win (as with -var-file). */
  varFiles?: string[];
  /**
   * Values Terraform would get from providers, by root:
   * { data: { aws_msk_cluster: { event_bus: [{ arn: '…' }] } } }.
   */
  assume?: Record<string, unknown>;
}

/** Parses every .tf file of a root module directory. */
export function parseTerraform(
  dir: string,
  options: ParseOptions = {},
): TerraformModule {
  const files = fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.tf'))
    .sort();
  if (files.length === 0) throw new Error(`no .tf files in ${dir}`);
  const args: string[] = [];
  for (const varFile of options.varFiles ?? [])
    args.push('-var-file', path.resolve(varFile));
  if (options.assume) args.push('-assume', JSON.stringify(options.assume));
  const result = spawnSync(
    upstreamBinary('hcl2json').path,
    [...args, ...files],
    {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 32 * 1024 * 1024,
    },
  );
  if (result.error) throw result.error;
  // Exit 1 still prints the parse with its diagnostics; anything else is a crash.
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`hcl2json exited ${result.status}: ${result.stderr}`);
  }
  return JSON.parse(result.stdout) as TerraformModule;
}

/** Every top-level block of the module, in file order. */
export function topLevelBlocks(module: TerraformModule): HclBlock[] {
  return Object.keys(module.files)
    .sort()
    .flatMap(file => module.files[file].blocks);
}

/** `resource "type" "name"` or `data "type" "name"` blocks of one type. */
export function blocksOf(
  module: TerraformModule,
  kind: 'resource' | 'data',
  type: string,
): HclBlock[] {
  return topLevelBlocks(module).filter(
    b => b.type === kind && b.labels[0] === type,
  );
}

/** Whether a counted block exists in this configuration (no count, or count > 0). */
export function isCreated(block: HclBlock): boolean {
  const count = block.attributes.count;
  return !count || count.value === undefined || Number(count.value) > 0;
}

/** The block's address as Terraform prints it: data.aws_iam_policy_document.trust */
export function address(block: HclBlock): string {
  return [block.type === 'data' ? 'data' : undefined, ...block.labels]
    .filter(Boolean)
    .join('.');
}
