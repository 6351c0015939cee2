#!/usr/bin/env node
import { enableCompileCache } from "./compile-cache.js";
import { processIO } from "./output.js";
import { VERSION } from "./version.js";

const args = process.argv.slice(2);
// `--version` alone needs no command tree: answered before commander is even loaded (issue 12).
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  process.stdout.write(`${VERSION}\n`);
} else {
  enableCompileCache(process.env);
  const { main } = await import("./main.js");
  process.exitCode = await main(args, processIO());
}
