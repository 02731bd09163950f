/**
 * Polls `fn` every 50 ms until `ok` holds or `timeoutMs` passes, and
 * returns the last value either way: the caller's `expect` on it then
 * shows what was seen instead of a bare timeout.
 */
export async function eventually<T>(
  fn: () => Promise<T> | T,
  ok: (v: T) => boolean,
  timeoutMs = 8000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise(r => setTimeout(r, 50));
  }
}
