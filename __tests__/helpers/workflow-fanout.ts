import type { Json } from "./gh-expr.js";

/** How a job fans out: its matrix expanded, its legs pooled, concurrency groups held in turn. */

/** `include`/`exclude` and the product of the other keys, as GitHub expands `strategy.matrix`. */
export function expandMatrix(matrix: Json): Array<Record<string, Json>> {
  if (!matrix || typeof matrix !== "object" || Array.isArray(matrix))
    throw new Error("strategy.matrix must be a mapping");
  const { include, exclude, ...vectors } = matrix as Record<string, Json>;
  let combos: Array<Record<string, Json>> = [{}];
  for (const [key, values] of Object.entries(vectors)) {
    if (!Array.isArray(values) || values.length === 0)
      throw new Error(`Matrix vector '${key}' does not contain any values`);
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  const matches = (c: Record<string, Json>, e: Record<string, Json>) =>
    Object.entries(e).every(([k, v]) => JSON.stringify(c[k]) === JSON.stringify(v));
  if (Array.isArray(exclude))
    combos = combos.filter(
      (c) => !exclude.some((e) => e && typeof e === "object" && matches(c, e as Record<string, Json>)),
    );
  if (Object.keys(vectors).length === 0) combos = [];
  for (const inc of Array.isArray(include) ? include : []) {
    const entry = inc as Record<string, Json>;
    const original = Object.fromEntries(Object.entries(entry).filter(([k]) => k in vectors));
    const hits = combos.filter((c) => Object.keys(original).length > 0 && matches(c, original));
    if (hits.length > 0) for (const h of hits) Object.assign(h, entry);
    else combos.push({ ...entry });
  }
  if (combos.length === 0) throw new Error("the matrix expands to no job");
  return combos;
}

/** Runs `fn` while holding concurrency group `group` (queued behind earlier holders, none dropped). */
export async function inGroup<T>(
  groups: Map<string, Promise<void>>,
  group: string | null,
  fn: () => Promise<T>,
): Promise<T> {
  if (!group) return fn();
  const before = groups.get(group) ?? Promise.resolve();
  let release = () => {};
  const mine = new Promise<void>((r) => {
    release = r;
  });
  groups.set(
    group,
    before.then(() => mine),
  );
  await before;
  try {
    return await fn();
  } finally {
    release();
  }
}

/** At most `limit` of `tasks` at once, in order. */
export async function pool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      const task = tasks[i];
      if (task) results[i] = await task();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  return results;
}
