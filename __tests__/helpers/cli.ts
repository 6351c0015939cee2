import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
/** src/ compiled by the test run's global setup (__tests__/setup/compile-src.ts). */
export const SRC_BUILD = join(ROOT, "build", "test-src");
/** The CLI and the action, each bundled from SRC_BUILD into one file by the same global setup. */
export const TEST_BIN = join(ROOT, "build", "test-bin");
export const CLI = join(TEST_BIN, "cli.js");
export const ACTION = join(TEST_BIN, "action.js");
/**
 * The action's cache transport (src/action/cache-transport.ts) bundled alone, for the tests that start a
 * job's cache use in a process of its own: it loads in a third of the CPU time of the separate modules of
 * @actions/cache and the Azure SDK.
 */
export const CACHE_TRANSPORT = join(TEST_BIN, "cache-transport.js");
/** What a leg's install of an agent CLI uses (preset-install-job.mjs), bundled the same way. */
export const PRESET_JOB_MODULES = join(TEST_BIN, "preset-job.js");
/** The entry of that bundle: the modules it re-exports (the global setup writes it beside the compile). */
export const PRESET_JOB_ENTRY = `export { cacheStore } from "./action/cache-transport.js";
export { installCli } from "./action/preset-install.js";
export { withCliOnPath } from "./flow/presets/install.js";
export { processEnvironment } from "./engine/environment.js";
`;
/** The committed bundles, run by the dist smoke test only. */
export const DIST_CLI = join(ROOT, "dist/cli/index.js");
export const DIST_ACTION = join(ROOT, "dist/index.js");

/**
 * What every CLI started by a test gets besides its own variables: PATH, HOME, and the tests' worktree
 * pool folder (set by __tests__/setup/pool-dir.ts), so that no pool lands in the user's cache folder.
 */
export const BASE_ENV = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  AGENT_FLOW_POOL_DIR: process.env.AGENT_FLOW_POOL_DIR,
  // "off" (vitest.config.ts): no GitHub write spacing against the fake GitHub.
  AGENT_FLOW_GITHUB_WRITE_SPACING: process.env.AGENT_FLOW_GITHUB_WRITE_SPACING,
  // On Node 22.8+ the CLI keeps compiled code under ~/.cache: not for the CLI builds of a test run.
  NODE_DISABLE_COMPILE_CACHE: "1",
});

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI built from src/ as a user would (`bin` is the dist bundle; its smoke test covers that). */
export function cli(
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; input?: string; bin?: string },
): Ran {
  const r = spawnSync(process.execPath, [opts.bin ?? CLI, ...args], {
    cwd: opts.cwd,
    env: { ...BASE_ENV(), ...opts.env },
    input: opts.input,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const made: string[] = [];

/** A fresh folder under the system's temp folder, removed after the test file (see cleanupTempDirs). */
export function tempDir(prefix = "agent-flow-test-"): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  made.push(dir);
  return dir;
}

/** Removes every folder tempDir() made in this test file; called after each file by __tests__/setup/cleanup.ts. */
export function cleanupTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** As `cli`, without blocking this process: needed when the test itself serves HTTP (the fake GitHub). */
export function cliAsync(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Ran> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: opts.cwd,
      env: { ...BASE_ENV(), ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString("utf8");
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString("utf8");
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}
