// Child process for __tests__/integration/locks.test.ts: takes a lock from another process, as an agent
// would. Usage: node lock-worker.mjs <compiled-locks.mjs> <json config>
//
// Children cannot import src/lib/locks/ (plain node 20 runs no TypeScript, and tests must not use the
// build output), so the test transpiles it and the src/lib modules it imports (they import only node:
// modules otherwise) with `ts.transpileModule` into a temp folder in beforeAll and passes the path of
// lib/locks/index.js here.
//
// Modes (config.mode):
//   contend  take the lock `rounds` times; while holding, append "enter <pid>" and "exit <pid>" lines to
//            config.log (O_APPEND, one write per line) around a `holdMs` pause, then release.
//            With `abandonAsPid`, instead of releasing, replace the held lock by one that names that (dead)
//            pid, as a crashed holder would leave it, then call release() anyway (it must not remove the
//            lock, which is no longer ours). Prints {"rounds": n} at the end.
//   hold     take the lock, wire SIGTERM to releaseAllHeldSync() as the engine does, print "held", wait.
import { appendFileSync, renameSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [modulePath, configJson] = process.argv.slice(2);
const { acquireLock, releaseAllHeldSync } = await import(pathToFileURL(modulePath).href);
const cfg = JSON.parse(configJson);
const owner = {
  run_id: cfg.runId ?? "20250101-000000-0000abcd",
  agent: cfg.agent ?? `worker-${process.pid}`,
};
const opts = { timeoutMs: cfg.timeoutMs ?? 15_000, staleAfterMs: cfg.staleAfterMs ?? 60_000 };
if (cfg.heartbeatMs !== undefined) opts.heartbeatMs = cfg.heartbeatMs;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (cfg.mode === "contend") {
  let done = 0;
  for (let i = 0; i < cfg.rounds; i++) {
    const handle = await acquireLock(cfg.root, cfg.resource, owner, opts);
    appendFileSync(cfg.log, `enter ${process.pid}\n`, { flag: "a" });
    if (cfg.holdMs > 0) await sleep(cfg.holdMs);
    appendFileSync(cfg.log, `exit ${process.pid}\n`, { flag: "a" });
    if (cfg.abandonAsPid !== undefined) {
      const lockPath = join(cfg.root, ".locks", `${cfg.resource}.lock`);
      const tmp = join(cfg.root, ".locks", ".tmp", `abandon-${process.pid}-${i}`);
      const stale = {
        ...handle.info,
        pid: cfg.abandonAsPid,
        host: hostname(),
        token: `${handle.info.token.slice(0, 24)}dead${i}`.padEnd(32, "0"),
      };
      writeFileSync(tmp, JSON.stringify(stale, null, 2));
      renameSync(tmp, lockPath); // we hold the lock, so nobody else changes the file meanwhile
    }
    await handle.release();
    done++;
  }
  process.stdout.write(`${JSON.stringify({ rounds: done })}\n`);
} else if (cfg.mode === "hold") {
  await acquireLock(cfg.root, cfg.resource, owner, opts);
  process.on("SIGTERM", () => {
    releaseAllHeldSync();
    process.exit(143);
  });
  process.stdout.write("held\n");
  setInterval(() => {}, 1000);
} else {
  throw new Error(`unknown mode ${cfg.mode}`);
}
