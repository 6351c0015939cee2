// Child process for __tests__/github/cache-transport.test.ts: one job's use of the cache transport, run
// as the runner runs the action (its own process, cwd and environment, since the cache client reads
// process.env). Usage: node cache-job.mjs <compiled cache-transport.js> <json request>
//   request: {"op": "save", "key", "dir"} or {"op": "restore", "key", "prefixes", "dir"}, with
//   optional "options" for cacheStore().
// The outcome is the last line of stdout: RESULT {"key": ...} or RESULT {"error": "..."}.
import { pathToFileURL } from "node:url";

const [modulePath, requestJson] = process.argv.slice(2);
const { cacheStore } = await import(pathToFileURL(modulePath).href);
const req = JSON.parse(requestJson);
let outcome;
try {
  const store = cacheStore(req.options);
  if (req.op === "save") {
    await store.save(req.key, req.dir);
    outcome = { key: req.key };
  } else {
    outcome = { key: await store.restore(req.key, req.prefixes ?? [], req.dir) };
  }
} catch (e) {
  outcome = { error: e instanceof Error ? e.message : String(e) };
}
process.stdout.write(`\nRESULT ${JSON.stringify(outcome)}\n`);
