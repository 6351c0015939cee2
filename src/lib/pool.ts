/** Runs `fn` over `items`, at most `width` at a time (agents of a parallel group, records read in bulk). */
export async function inBatches<T>(
  items: readonly T[],
  width: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, width), items.length) }, lane));
}
