/**
 * The promise's value, or `undefined` once `ms` passed: registration facts
 * are extras and never hold a status answer up. The read itself goes on
 * and fills its cache for the next request.
 */
export async function beforeDeadline<T>(
  work: Promise<T>,
  ms: number,
): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>(resolve => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
