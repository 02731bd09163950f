import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { packageDir } from '../paths';

/** apiVersion/kind -> [module, type] in kubernetes-types (or our CRD types). */
const TYPES: Record<string, [string, string]> = {
  'v1/ConfigMap': ['kubernetes-types/core/v1', 'ConfigMap'],
  'v1/Service': ['kubernetes-types/core/v1', 'Service'],
  'v1/ServiceAccount': ['kubernetes-types/core/v1', 'ServiceAccount'],
  'v1/Pod': ['kubernetes-types/core/v1', 'Pod'],
  'apps/v1/Deployment': ['kubernetes-types/apps/v1', 'Deployment'],
  'autoscaling/v2/HorizontalPodAutoscaler': [
    'kubernetes-types/autoscaling/v2',
    'HorizontalPodAutoscaler',
  ],
  'policy/v1/PodDisruptionBudget': [
    'kubernetes-types/policy/v1',
    'PodDisruptionBudget',
  ],
  'networking.k8s.io/v1/NetworkPolicy': [
    'kubernetes-types/networking/v1',
    'NetworkPolicy',
  ],
  'networking.k8s.io/v1/Ingress': ['kubernetes-types/networking/v1', 'Ingress'],
  'monitoring.coreos.com/v1/ServiceMonitor': ['MONITORING', 'ServiceMonitor'],
  'monitoring.coreos.com/v1/PrometheusRule': ['MONITORING', 'PrometheusRule'],
  'security.istio.io/v1/PeerAuthentication': ['ISTIO', 'PeerAuthentication'],
  'security.istio.io/v1/AuthorizationPolicy': ['ISTIO', 'AuthorizationPolicy'],
  'networking.istio.io/v1/DestinationRule': ['ISTIO', 'DestinationRule'],
  'networking.istio.io/v1/VirtualService': ['ISTIO', 'VirtualService'],
};

/** Our own strict types of the CRDs the chart uses. */
const LOCAL_TYPES: Record<string, string> = {
  MONITORING: 'monitoringTypes',
  ISTIO: 'istioTypes',
};

export interface TypecheckResult {
  diagnostics: string[];
}

/**
 * Types every document as an object literal of its Kubernetes type and runs
 * the TypeScript checker in strict mode: excess-property checks reject
 * unknown (or misspelt) fields, and a kind/apiVersion without a type (a
 * removed API) is an error too.
 */
export function typecheckDocuments(
  docs: Array<Record<string, any>>,
): TypecheckResult {
  const diagnostics: string[] = [];
  const imports = new Map<string, Set<string>>();
  const lines: string[] = [];
  docs.forEach((doc, i) => {
    const key = `${doc.apiVersion}/${doc.kind}`;
    const type = TYPES[key];
    if (!type) {
      diagnostics.push(`document ${i}: no schema for ${key}`);
      return;
    }
    const [module, name] = type;
    const specifier = LOCAL_TYPES[module]
      ? path.join(packageDir, 'src', 'helm', LOCAL_TYPES[module])
      : module;
    if (!imports.has(specifier)) imports.set(specifier, new Set());
    imports.get(specifier)!.add(name);
    lines.push(
      `export const doc${i}: ${name} = ${JSON.stringify(doc, null, 2)};`,
    );
  });
  const source = [
    ...[...imports].map(
      ([specifier, names]) =>
        `import type { ${[...names].join(', ')} } from ${JSON.stringify(
          specifier,
        )};`,
    ),
    ...lines,
  ].join('\n');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-typecheck-'));
  const file = path.join(dir, 'documents.ts');
  fs.writeFileSync(file, source);
  const typesDir = path.dirname(
    require.resolve('kubernetes-types/package.json'),
  );
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    // The declaration files are trusted; only our documents are checked.
    skipLibCheck: true,
    lib: ['lib.es2020.d.ts'],
    types: [],
    baseUrl: dir,
    paths: { 'kubernetes-types/*': [`${typesDir}/*`] },
    moduleResolution: ts.ModuleResolutionKind.Node10,
  });
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (d.file) {
      const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
      diagnostics.push(
        `${path.basename(d.file.fileName)}:${line + 1}: ${message}`,
      );
    } else {
      diagnostics.push(message);
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return { diagnostics };
}
