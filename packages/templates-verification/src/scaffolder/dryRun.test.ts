/* eslint-disable jest/no-conditional-expect -- policy checks branch on the input set or step under test; every branch asserts */
import Ajv from 'ajv';
import yaml from 'yaml';
import {
  ANNOTATION_ALERT_MATCHERS,
  ANNOTATION_ARGOCD_APP_NAME,
  ANNOTATION_ARGOCD_APP_SELECTOR,
  ANNOTATION_ECR_REPOSITORY,
  ANNOTATION_GITHUB_PROJECT_SLUG,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_NAMESPACE,
  ANNOTATION_TRACE_SERVICE,
  ANNOTATION_VAULT_SECRETS_PATH,
} from '@internal/backstage-plugin-eks-platform-common';
import { DryRunBackend, startDryRunBackend } from './dryRunBackend';
import { formValues, fullValues, inputSets, minimalValues } from './inputSets';
import { outputPath, readSkeletonFile, skeletonFiles } from './skeletonFiles';
import { PLATFORM_DATABASE, PLATFORM_KAFKA } from './platformTrust';
import { loadTemplateEntity } from './templateFiles';

jest.setTimeout(120_000);

let backend: DryRunBackend;
const results: Record<
  string,
  Awaited<ReturnType<DryRunBackend['dryRun']>>
> = {};

beforeAll(async () => {
  backend = await startDryRunBackend();
  for (const [name, values] of Object.entries(inputSets)) {
    results[name] = await backend.dryRun(values);
  }
});
afterAll(() => backend?.stop());

function logMessages(name: string): string[] {
  return (results[name].body.log ?? []).map((l: any) => String(l.body.message));
}

describe.each(Object.keys(inputSets))('dry-run of input set %s', name => {
  const values = inputSets[name];

  it('succeeds through every step', () => {
    expect(results[name].status).toBe(200);
    const log = logMessages(name);
    // The custom actions really ran (dry-run aware), they were not skipped.
    expect(log).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'Dry run: would create or reconcile ECR repository',
        ),
        expect.stringContaining('Dry run: would propose'),
      ]),
    );
    expect(log.join('\n')).not.toMatch(/Skipping because eks:/);
  });

  it('generates exactly the skeleton, with .njk files rendered and the rest copied byte for byte', () => {
    const files = results[name].files;
    // The form's derived values (template.yaml → fetch:template) that decide conditional folders.
    const rendered = { kafka: { enabled: values.messaging === 'kafka' } };
    const generatedFrom = skeletonFiles().filter(
      file => outputPath(file, rendered) !== undefined,
    );
    const expected = generatedFrom.map(file => outputPath(file, rendered)!);
    expect(Object.keys(files).sort()).toEqual(expected.sort());
    for (const file of generatedFrom) {
      const generated = files[outputPath(file, rendered)!];
      if (file.endsWith('.njk')) {
        expect(generated).not.toMatch(/\$\{\{|\{%|\[object Object\]/);
        // A value the form did not give renders as "undefined"; TypeScript
        // sources may spell the word themselves (some only in a branch).
        const undefinedInSource = (
          readSkeletonFile(file).match(/undefined/g) ?? []
        ).length;
        expect(
          (generated.match(/undefined/g) ?? []).length,
        ).toBeLessThanOrEqual(undefinedInSource);
      } else {
        // GitHub's ${{ }} and Helm's {{ }} must survive untouched.
        expect(generated).toBe(readSkeletonFile(file));
      }
    }
  });

  it('names the package, lock file and chart after the service', () => {
    const files = results[name].files;
    const pkg = JSON.parse(files['package.json']);
    const lock = JSON.parse(files['package-lock.json']);
    expect(pkg.name).toBe(values.name);
    expect(pkg.description).toBe(values.description);
    expect(lock.name).toBe(values.name);
    expect(lock.packages[''].name).toBe(values.name);
    const chart = yaml.parse(files['chart/Chart.yaml']);
    expect(chart).toMatchObject({ apiVersion: 'v2', name: values.name });
    expect(chart.dependencies).toBeUndefined();
  });

  it('writes values that mirror the form', () => {
    const files = results[name].files;
    const chartValues = yaml.parse(files['chart/values.yaml']);
    expect(chartValues.team).toBe('payments');
    // The form asks for replicas or the autoscaler's range, not both: the
    // other side falls back to the one given.
    expect(chartValues.replicaCount).toBe(
      values.replicas ?? values.hpaMinReplicas,
    );
    expect(chartValues.autoscaling.enabled).toBe(values.autoscaling);
    expect(chartValues.autoscaling.minReplicas).toBe(
      values.hpaMinReplicas ?? values.replicas,
    );
    // the form's minAvailable holds at the lowest replica count
    expect(chartValues.podDisruptionBudget.maxUnavailable).toBe(
      Number(values.autoscaling ? values.hpaMinReplicas : values.replicas) -
        Number(values.pdbMinAvailable),
    );
    expect(chartValues.image.repository).toBe(
      `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${values.name}`,
    );
    expect(chartValues.ingress.mode).toBe(values.ingressMode);
    expect(chartValues.vault.enabled).toBe(
      ((values.vaultSecrets as string[] | undefined) ?? []).length > 0 ||
        Boolean(values.vaultDatabaseRole),
    );
    // Callers and dependencies picked in the catalog, as their workloads.
    expect(chartValues.networkPolicy.allowedCallers).toEqual(
      values.allowedCallers
        ? [
            { name: 'checkout', namespace: 'payments' },
            { name: 'storefront', namespace: 'web' },
          ]
        : [],
    );
    expect(chartValues.networkPolicy.dependencies).toEqual(
      values.dependencies
        ? [{ name: 'ledger', namespace: 'payments', port: 'http' }]
        : [],
    );
    for (const env of ['dev', 'stage', 'prod']) {
      const envValues = yaml.parse(files[`chart/values-${env}.yaml`]);
      expect(envValues.environment).toBe(env);
      if ((values.environments as string[]).includes(env)) {
        // eksPlatform.environments[].cluster, resolved by eks:platform:resolve.
        expect(envValues.clusterName).toBe(env);
        // The event bus and the database of this environment, from config.
        expect(envValues.kafka).toEqual(
          values.messaging === 'kafka'
            ? {
                brokers: PLATFORM_KAFKA.bootstrapBrokers,
                brokerCidrs: PLATFORM_KAFKA.brokerCidrs,
              }
            : undefined,
        );
        const database = PLATFORM_DATABASE.environments[env];
        expect(envValues.database).toEqual(
          values.vaultDatabaseRole
            ? {
                host: database.host,
                name: database.name,
                port: 5432,
                sslMode: 'verify-full',
                caBundle: database.caBundle,
                poolMax: 10,
                cidrs: database.cidrs,
              }
            : undefined,
        );
      }
      expect(envValues.serviceAccount.roleArn).toBe(
        `arn:aws:iam::123456789012:role/${values.name}-${env}`,
      );
      if (values.ingressMode !== 'none' && env !== 'prod') {
        expect(envValues.ingress.host).toBe(
          String(values.ingressHost).replace('.', `-${env}.`),
        );
      }
    }
  });

  it('writes the annotation contract into catalog-info.yaml', () => {
    const entity = yaml.parse(results[name].files['catalog-info.yaml']);
    const annotations = entity.metadata.annotations;
    const environments = values.environments as string[];
    expect(entity.metadata.name).toBe(values.name);
    expect(entity.spec).toMatchObject({
      type: 'service',
      lifecycle: values.lifecycle,
      owner: values.owner,
      system: values.system,
    });
    // Dependencies picked in the catalog become the entity's relations.
    const picked = (values.dependencies as string[] | undefined) ?? [];
    expect(entity.spec.consumesApis).toEqual(
      picked.length ? picked.filter(r => r.startsWith('api:')) : undefined,
    );
    expect(entity.spec.dependsOn).toBeUndefined();
    expect(annotations).toMatchObject({
      [ANNOTATION_KUBERNETES_ID]: values.name,
      [ANNOTATION_KUBERNETES_NAMESPACE]: values.namespace,
      [ANNOTATION_GITHUB_PROJECT_SLUG]: `acme/${values.name}`,
      'backstage.io/techdocs-ref': 'dir:.',
      [ANNOTATION_ARGOCD_APP_NAME]: `${values.name}-${
        environments[environments.length - 1]
      }`,
      [ANNOTATION_ARGOCD_APP_SELECTOR]: `app.kubernetes.io/name=${values.name}`,
      [ANNOTATION_TRACE_SERVICE]: values.name,
      [ANNOTATION_ALERT_MATCHERS]: `service="${values.name}",namespace="${values.namespace}"`,
      [ANNOTATION_ECR_REPOSITORY]: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${values.name}`,
    });
    const secrets = values.vaultSecrets as string[] | undefined;
    if (secrets?.length) {
      expect(annotations[ANNOTATION_VAULT_SECRETS_PATH]).toBe(secrets[0]);
    } else {
      expect(annotations[ANNOTATION_VAULT_SECRETS_PATH]).toBeUndefined();
    }
  });

  it('links to the repository, the entity, the Argo CD applications and the ECR repository', () => {
    const links = results[name].body.output.links as Array<
      Record<string, string>
    >;
    expect(links.map(l => l.title)).toEqual([
      'Repository',
      'Open in catalog',
      'Argo CD applications',
      'ECR repository',
    ]);
    expect(links[2].url).toBe(
      `http://127.0.0.1:7110/applications?labels=app.kubernetes.io%2Fname%3D${values.name}`,
    );
    expect(links[3].url).toContain(
      `/ecr/repositories/private/123456789012/${values.name}`,
    );
  });
});

/** Property names of an object schema, including those of its union branches. */
function declaredInputs(schema: any): string[] {
  const branches = [
    schema,
    ...(schema.anyOf ?? []),
    ...(schema.oneOf ?? []),
    ...(schema.allOf ?? []),
  ];
  return branches.flatMap(b => Object.keys(b.properties ?? {}));
}

describe('step inputs', () => {
  it("match the installed actions' input schemas exactly, including the steps dry-runs skip", async () => {
    const actions = await backend.listActions();
    const schemas = new Map(actions.map(a => [a.id, a.schema?.input]));
    const ajv = new Ajv({ strict: false, allErrors: true });
    const template = loadTemplateEntity();
    const iterated = new Set<string>(
      template.spec.steps
        .filter((st: any) => st.each)
        .map((st: any) => st.action),
    );
    for (const step of template.spec.steps) {
      expect(schemas.has(step.action)).toBe(true);
    }
    for (const name of Object.keys(inputSets)) {
      const runs = logMessages(name)
        .map(m =>
          /Running (\S+) in dry-run mode with inputs \(secrets redacted\): ([\s\S]*)$/.exec(
            m,
          ),
        )
        .filter((m): m is RegExpExecArray => m !== null);
      expect(runs.length).toBeGreaterThanOrEqual(6);
      for (const [, actionId, json] of runs) {
        if (iterated.has(actionId)) {
          // Logged once before `each` is bound; the runner validates every
          // iteration itself (and the sandbox run executes them for real).
          continue;
        }
        const input = JSON.parse(json);
        const schema = schemas.get(actionId);
        const validate = ajv.compile(schema);
        expect({
          actionId,
          valid: validate(input),
          errors: validate.errors,
        }).toEqual({
          actionId,
          valid: true,
          errors: null,
        });
        // No input the action does not declare (zod schemas allow extras).
        const declared = declaredInputs(schema);
        expect({
          actionId,
          extra: Object.keys(input).filter(k => !declared.includes(k)),
        }).toEqual({
          actionId,
          extra: [],
        });
      }
    }
  });
});

describe('steps that depend on the form', () => {
  it('registers Vault with a database role only when one is requested', () => {
    expect(logMessages('full').join('\n')).toMatch(
      /Skipping step vault because its if condition was false[\s\S]*would write policy payments-api, role payments-api and 2 KV path/,
    );
    expect(logMessages('minimal').join('\n')).toMatch(
      /Skipping step vaultWithDatabase because its if condition was false/,
    );
    expect(logMessages('minimal').join('\n')).not.toMatch(/would write policy/);
  });

  it('configures one GitHub environment per target environment, prod gated by the owner', () => {
    const step = loadTemplateEntity().spec.steps.find(
      (st: any) => st.action === 'eks:github:repo:configure',
    );
    // The environments as resolved (checked against config, in config order).
    expect(step.each).toBe('${{ steps.platform.output.environmentNames }}');
    expect(step.input.environments).toEqual([
      expect.objectContaining({
        name: '${{ each.value }}',
        deploymentBranches: ['main'],
        reviewers: {
          teams: "${{ [parameters.owner] if each.value == 'prod' else [] }}",
        },
      }),
    ]);
    expect(step.input.awsRoleArn).toBe(
      '${{ steps.platform.output.ciRoleArn }}',
    );
    expect(step.input.ecrRegistry).toBe(
      '${{ steps.platform.output.ecrRegistry }}',
    );
  });

  it('checks what exists before any side effect, and publishes and registers only when needed', () => {
    const steps = loadTemplateEntity().spec.steps;
    // Both read-only: the platform context, then what exists already.
    expect(steps.slice(0, 2).map((st: any) => st.action)).toEqual([
      'eks:platform:resolve',
      'eks:service:preflight',
    ]);
    const publish = steps.find((st: any) => st.action === 'publish:github');
    const register = steps.find((st: any) => st.action === 'catalog:register');
    expect(publish.if).toBe('${{ steps.preflight.output.needsPublish }}');
    expect(register.if).toBe(
      '${{ not steps.preflight.output.entityRegistered }}',
    );
    expect(logMessages('minimal').join('\n')).toMatch(
      /Dry run: would check acme\/orders and component:default\/orders/,
    );
  });

  it('the minimal set is accepted with nothing but the required fields', () => {
    const template = loadTemplateEntity();
    // Page-level requirements, plus those of the branch a chosen value
    // opens (autoscaling on: the autoscaler's four settings).
    const required = new Set<string>(
      template.spec.parameters.flatMap((p: any) => [
        ...(p.required ?? []),
        ...Object.values(p.dependencies ?? {}).flatMap((d: any) =>
          (d.oneOf ?? [])
            .filter((branch: any) =>
              Object.entries(branch.properties ?? {}).some(
                ([key, rule]: [string, any]) =>
                  'const' in rule && minimalValues[key] === rule.const,
              ),
            )
            .flatMap((branch: any) => branch.required ?? []),
        ),
      ]),
    );
    const sent = formValues(minimalValues);
    expect(Object.keys(sent).sort()).toEqual(
      [...required].filter(k => k in sent).sort(),
    );
    expect(Object.keys(fullValues).length).toBeGreaterThan(required.size);
  });
});
