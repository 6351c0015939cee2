import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { POOL_DIR_VARIABLE, poolsRoot } from "../../src/engine/pool-location.js";

/**
 * Worktree pools live outside the repository, by default in the user's cache folder: each test file
 * points them at a temp folder of its own (`AGENT_FLOW_POOL_DIR`, set by __tests__/setup/cleanup.ts and
 * passed on by the helpers that start the CLI). A pool of a test repository (one under the temp folder)
 * that appears in the real cache folder during the run is a leak: it is removed, and the run fails
 * naming it.
 */
export default function setup(): () => void {
  const { [POOL_DIR_VARIABLE]: _, ...withoutOverride } = process.env;
  const real = poolsRoot(withoutOverride);
  const temp = realpathSync(tmpdir());
  const ownerOf = (name: string): string => {
    try {
      return readFileSync(join(real, name, "repository"), "utf8");
    } catch {
      return "";
    }
  };
  const testPools = (): string[] =>
    (existsSync(real) ? readdirSync(real) : []).filter((name) => ownerOf(name).startsWith(temp));
  const before = new Set(testPools());
  // A pools folder for the whole run, inherited by the workers and every process they start, so that a
  // test whose environment skips the per-file one (setup/cleanup.ts) still stays out of the cache.
  const runPools = mkdtempSync(join(tmpdir(), "agent-flow-run-pools-"));
  process.env[POOL_DIR_VARIABLE] = runPools;
  return () => {
    rmSync(runPools, { recursive: true, force: true });
    const leaked = testPools().filter((n) => !before.has(n));
    for (const name of leaked) rmSync(join(real, name), { recursive: true, force: true });
    if (leaked.length > 0) {
      // vitest reports an error thrown here but still exits 0: the exit code says it.
      process.exitCode = 1;
      console.error(
        `error: tests left worktree pools in ${real} (a test started the CLI without ${POOL_DIR_VARIABLE}): ${leaked.join(", ")}`,
      );
    }
  };
}
