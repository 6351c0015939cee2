import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../helpers/cli.js";

/** The lock file pinning the real CLIs the tests drive (not dev dependencies: see scripts/test-clis.mjs). */
export const CLIS_MANIFEST = join(ROOT, "__tests__", "agents", "clis");

let bin: string | undefined;

/**
 * The folder holding the real `claude`, `codex` and `gemini` executables at their pinned versions,
 * installed into the cache folder by scripts/test-clis.mjs if not there yet (`.ci/run` does it before
 * the tests; a first local run does it here, which takes a minute or more).
 */
export function testCliBin(): string {
  if (bin) return bin;
  const r = spawnSync(process.execPath, [join(ROOT, "scripts", "test-clis.mjs")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 900_000,
  });
  const out = r.stdout.trim().split("\n").at(-1) ?? "";
  if (r.status !== 0 || !out)
    throw new Error(`scripts/test-clis.mjs could not install the agent CLIs:\n${r.stderr}`);
  bin = out;
  return bin;
}
