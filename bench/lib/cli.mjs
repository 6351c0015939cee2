// The scaffold the benchmarks share: flags, temp dirs removed on exit, and timing the agent-flow CLI
// as a user runs it (a child process, start-up included).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const argv = process.argv.slice(2);
/** `--name`: present or not. */
export const flag = (name) => argv.includes(`--${name}`);
/** `--name VALUE`, or `dflt`. */
export const arg = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : dflt;
};

/** Wall clock in ms, sub-ms resolution. */
export const nowMs = () => performance.timeOrigin + performance.now();

const temps = [];
/** A temp dir, removed when the process exits (KEEP=1 keeps it and says where). */
export const tempDir = (prefix) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
};
const cleanup = () => {
  if (process.env.KEEP === "1") {
    if (temps.length) process.stderr.write(`KEEP=1: kept ${temps.join(" ")}\n`);
    return;
  }
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
};
process.on("exit", cleanup);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(130));

/**
 * The CLI's environment: nothing of the caller's but PATH and HOME, so that no setting leaks in. The
 * worktree pools go to a temp dir of this bench (the default, ~/.cache/agent-flow/pools, would keep
 * them after the bench's repositories are gone).
 */
export const CHILD_ENV = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  LANG: "C",
  AGENT_FLOW_POOL_DIR: tempDir("agent-flow-bench-pools-"),
};

/**
 * Spawns the CLI (with `nodeArgs` for node itself, e.g. --cpu-prof); resolves with wall time from just
 * before spawn to the child's exit.
 */
export function runCli(cli, args, cwd, extraEnv = {}, nodeArgs = []) {
  return new Promise((done, fail) => {
    const t0 = nowMs();
    const child = spawn(process.execPath, [...nodeArgs, cli, ...args], {
      cwd,
      env: { ...CHILD_ENV, ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", fail);
    child.on("exit", (code) => {
      const t1 = nowMs();
      // pipes may still hold the last bytes: wait for close before reading them
      child.once("close", () => done({ code, stdout, stderr, t0, t1, wall: t1 - t0 }));
    });
  });
}
