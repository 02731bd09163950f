/**
 * Stops what a test started, each step bounded by `timeoutMs`, every step
 * tried even when an earlier one failed or hung: an afterAll that waits
 * forever on one stuck server leaves every other process running and the
 * test runner hanging. Throws one error naming every step that failed.
 */
export async function stopEverything(
  steps: Array<[what: string, stop: () => unknown]>,
  timeoutMs = 30_000,
): Promise<void> {
  const failures: string[] = [];
  for (const [what, stop] of steps) {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(stop),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`did not stop in ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } catch (error) {
      failures.push(`${what}: ${(error as Error)?.message ?? error}`);
    } finally {
      clearTimeout(timer);
    }
  }
  if (failures.length > 0)
    throw new Error(`could not stop everything:\n${failures.join('\n')}`);
}
