// File work on thousands of files at once would run out of file handles (EMFILE): a few dozen
// at a time keep the disk just as busy.

/** Files open at once: enough to keep the disk busy, far below the limit of open files. */
export const CONCURRENCY = 64;

/** Runs `task` for 0 … count − 1, at most `limit` at a time. */
export async function inBatches(count: number, task: (index: number) => Promise<void>, limit = CONCURRENCY): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

/** Maps `items` through an asynchronous function, at most `limit` at a time, keeping their order. */
export async function mapInBatches<T, R>(items: readonly T[], fn: (item: T) => Promise<R>, limit = CONCURRENCY): Promise<R[]> {
  const results = new Array<R>(items.length);
  await inBatches(items.length, async (i) => {
    results[i] = await fn(items[i]!);
  }, limit);
  return results;
}
