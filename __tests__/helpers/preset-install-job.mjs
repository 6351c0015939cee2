// Child process for __tests__/github/preset-install.test.ts: one run-k leg's install of an agent CLI,
// run as the runner runs the action (its own process, cwd and environment: the cache client reads
// process.env), through the real cache transport. Then the CLI is started as an agent would be: with
// the environment the engine builds for agents, from the engine's PATH with the CLI's folder added.
// Usage: node preset-install-job.mjs <the modules it uses, bundled by the global setup> <json CliSpec>
// The outcome is the last line of stdout: RESULT {"installed": ..., "said": "<the CLI's stdout>"}
// or {"error": "..."}.
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";

const [modules, specJson] = process.argv.slice(2);
const { cacheStore, installCli, withCliOnPath, processEnvironment } = await import(
  pathToFileURL(modules).href
);
const spec = JSON.parse(specJson);
let outcome;
try {
  const lines = [];
  const installed = await installCli(spec, {
    store: cacheStore({ attempts: 1 }),
    env: process.env,
    log: (l) => lines.push(l),
  });
  const agentEnv = processEnvironment(withCliOnPath(process.env, installed.bin), { runId: "r", vars: {} });
  const ran = spawnSync(spec.program, [], { env: agentEnv, encoding: "utf8" });
  outcome = { installed, said: ran.stdout ?? "", ranError: ran.error?.message, log: lines };
} catch (e) {
  outcome = { error: e instanceof Error ? e.message : String(e) };
}
process.stdout.write(`\nRESULT ${JSON.stringify(outcome)}\n`);
