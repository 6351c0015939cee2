#!/usr/bin/env node
import { enableCompileCache } from "./compile-cache.js";
import { isFlowWorker, serveFlowWorker, startFlowWorker } from "./flow-worker.js";
import { processIO } from "./output.js";
import { VERSION } from "./version.js";

const args = process.argv.slice(2);
if (isFlowWorker()) {
  // this module on a run's worker thread: it reads the flow file only (see flow-worker.ts)
  await serveFlowWorker();
} else if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  // `--version` alone needs no command tree: answered before commander is even loaded (issue 12).
  process.stdout.write(`${VERSION}\n`);
} else {
  // A run's flow file is read on another thread while this one loads the CLI and the run's code.
  // (AGENT_FLOW_FLOW_WORKER=0: on this thread, as other commands do)
  const help = args.includes("--help") || args.includes("-h");
  if (args[0] === "run" && !help && process.env.AGENT_FLOW_FLOW_WORKER !== "0")
    startFlowWorker(import.meta.url);
  enableCompileCache(process.env);
  const { main } = await import("./main.js");
  process.exitCode = await main(args, processIO());
}
