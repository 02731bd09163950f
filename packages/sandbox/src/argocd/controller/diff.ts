import type { KubeObject } from '../../kubernetes/kubeClient';

/*
 * Is the live object what the desired manifest asks for? As Argo CD's
 * server-side diff sees it: every field the manifest sets must have that
 * value live; fields the manifest leaves out (defaults, what controllers
 * add, status) do not count. Lists compare element by element and must
 * have the manifest's length. Empty maps and lists equal absent ones,
 * and resource quantities compare by value ("1000m" is "1").
 */

const QUANTITY =
  /^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/;
const FACTORS: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

function quantity(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const m = QUANTITY.exec(value);
  return m ? Number(m[1]) * FACTORS[m[2] ?? ''] : undefined;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object')
    return Object.keys(value as object).length === 0;
  return false;
}

/** The path of the first field where `live` does not hold `desired`, or undefined. */
export function firstDifference(
  desired: unknown,
  live: unknown,
  at = '',
): string | undefined {
  if (isEmpty(desired) && isEmpty(live)) return undefined;
  if (Array.isArray(desired)) {
    if (!Array.isArray(live) || live.length !== desired.length)
      return at || '.';
    for (let i = 0; i < desired.length; i++) {
      const d = firstDifference(desired[i], live[i], `${at}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (desired && typeof desired === 'object') {
    if (!live || typeof live !== 'object' || Array.isArray(live))
      return at || '.';
    for (const [key, value] of Object.entries(desired)) {
      const d = firstDifference(
        value,
        (live as Record<string, unknown>)[key],
        `${at}.${key}`,
      );
      if (d) return d;
    }
    return undefined;
  }
  if (desired === live) return undefined;
  const a = quantity(desired);
  const b = quantity(live);
  if (
    a !== undefined &&
    b !== undefined &&
    (typeof desired === 'string' || typeof live === 'string') &&
    Math.abs(a - b) <= Math.abs(a) * 1e-9
  ) {
    return undefined;
  }
  return at || '.';
}

/** The compared parts of an object: everything but status and server-owned metadata. */
function compared(object: KubeObject) {
  const { status, metadata, ...rest } = object;
  return {
    ...rest,
    metadata: {
      name: metadata.name,
      namespace: metadata.namespace,
      labels: metadata.labels,
      annotations: metadata.annotations,
    },
  };
}

/** Where `live` differs from `desired` (e.g. `.spec.template.spec.containers[0].image`), or undefined when in sync. */
export function driftOf(
  desired: KubeObject,
  live: KubeObject,
): string | undefined {
  return firstDifference(compared(desired), compared(live));
}
