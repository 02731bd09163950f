/*
 * Failures of the sandbox simulators, set through the sandbox's control
 * server (packages/sandbox: POST/DELETE /sandbox/<simulator>/failures). A
 * browser cannot make an upstream fail; the test makes it fail for the
 * portal, then clears it.
 */
const CONTROL = process.env.SANDBOX_CONTROL_URL ?? 'http://127.0.0.1:7100';

type Simulator = 'github' | 'argocd' | 'vault' | 'ecr';

async function control(method: string, simulator: Simulator, body?: object) {
  const res = await fetch(`${CONTROL}/sandbox/${simulator}/failures`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    throw new Error(
      `${method} /sandbox/${simulator}/failures answered ${
        res.status
      }: ${await res.text()}`,
    );
  }
}

/** The next matching requests to `simulator` fail (the simulator's setFailure rule). */
export function failSandboxRequests(simulator: Simulator, rule: object) {
  return control('POST', simulator, rule);
}

/** Every failure rule of `simulator` is gone. */
export function clearSandboxFailures(simulator: Simulator) {
  return control('DELETE', simulator);
}
