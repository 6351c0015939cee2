#!/usr/bin/env node
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { enableCompileCache } from "./compile-cache.js";
import { isFlowWorker, serveFlowWorker, startFlowWorker } from "./flow-worker.js";
import { processIO } from "./output.js";
import { VERSION } from "./version.js";

const args = process.argv.slice(2);

/**
 * Whether the command line (or $AGENT_FLOW_FILE) names a flow file that does not exist. A first look
 * only, to spare a run that will stop at once its worker thread: commander reads the options after.
 */
function namedFlowMissing(argv: string[]): boolean {
  const at = argv.findIndex((a) => a === "--flow" || a.startsWith("--flow="));
  const named =
    at < 0
      ? process.env.AGENT_FLOW_FILE
      : argv[at]?.startsWith("--flow=")
        ? argv[at]?.slice(7)
        : argv[at + 1];
  return named !== undefined && named !== "" && !existsSync(resolve(named));
}
if (isFlowWorker()) {
  // this module on a run's worker thread: it reads the flow file only (see flow-worker.ts)
  await serveFlowWorker();
} else if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  // `--version` alone needs no command tree: answered before commander is even loaded (issue 12).
  process.stdout.write(`${VERSION}\n`);
} else {
  // A run's flow file is read on another thread while this one loads the CLI and the run's code
  // (AGENT_FLOW_FLOW_WORKER=0: on this thread, as other commands do). Not for a run that ends at once.
  const help = args.includes("--help") || args.includes("-h");
  if (args[0] === "run" && !help && !namedFlowMissing(args)) {
    // The worker first: its answer is what a run's main thread waits for once its own code is loaded
    // (issue 12: 80 ms at 1,000 files started after git's first work, 45-55 started before it; the run
    // started 20 ms sooner), and it needs nothing of git. On one core the worker would only take turns
    // with this thread: it pays off beside an idle core.
    if (process.env.AGENT_FLOW_FLOW_WORKER !== "0" && availableParallelism() > 1)
      startFlowWorker(import.meta.url);
    // then git's first work and the helper shells (see run-git.ts)
    await import("./run-git.js").then(
      (m) => m.startRunGit(process.cwd()),
      () => undefined,
    );
  }
  enableCompileCache(process.env);
  // Read and compiled while the run goes on (a few kB), not after its last step.
  const runExit = args[0] === "run" && !help ? import("./run-exit.js") : undefined;
  runExit?.catch(() => undefined);
  const { main } = await import("./main.js");
  process.exitCode = await main(args, processIO());
  // Installed once the command is done, so that a promise left hanging still ends as Node ends it.
  if (runExit) (await runExit).exitWhenIdle();
}
