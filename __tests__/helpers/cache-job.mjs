// Child process for __tests__/github/cache-transport.test.ts: one job's use of the cache transport, run
// as the runner runs the action (its own process, cwd and environment: the cache client reads
// process.env). Usage: node cache-job.mjs <cache-transport.js, bundled by the global setup> <json list of operations>
//   operation: {"op": "save", "key", "dir"}, {"op": "restore", "key", "dir"}, {"op": "exists", "key"} or
//   {"op": "client-restore", "key", "dir"} (the raw @actions/cache restoreCache of `package` into dir:
//   what the transport no longer does, for tests that show an archive is hostile), with
//   optional "options" for cacheStore(). They run in order, in this one process.
// The outcomes are the last line of stdout: RESULT [{"key": ...} or {"error": "..."}, ...].
import { pathToFileURL } from "node:url";

const [modulePath, opsJson] = process.argv.slice(2);
const { cacheStore } = await import(pathToFileURL(modulePath).href);
const outcomes = [];
for (const op of JSON.parse(opsJson)) {
  try {
    const store = cacheStore(op.options);
    if (op.op === "save") {
      await store.save(op.key, op.dir);
      outcomes.push({ key: op.key });
    } else if (op.op === "client-restore") {
      const cache = await import("@actions/cache");
      process.chdir(op.dir);
      process.env.GITHUB_WORKSPACE = op.dir;
      outcomes.push({ key: (await cache.restoreCache(["package"], op.key)) ?? null });
    } else if (op.op === "exists") {
      outcomes.push({ exists: await store.exists(op.key) });
    } else {
      outcomes.push({ key: await store.restore(op.key, op.dir) });
    }
  } catch (e) {
    outcomes.push({ error: e instanceof Error ? e.message : String(e) });
  }
}
process.stdout.write(`\nRESULT ${JSON.stringify(outcomes)}\n`);
