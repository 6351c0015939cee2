import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
/** The committed bundle; AGENT_FLOW_TEST_CLI points the tests at another build (e.g. one made with --out). */
export const CLI = process.env.AGENT_FLOW_TEST_CLI || join(ROOT, "dist/cli/index.js");
export const ACTION = join(ROOT, "dist/index.js");

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the committed CLI bundle as a user would (dist freshness is checked by its own test). */
export function cli(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): Ran {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...opts.env },
    input: opts.input,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = "agent-flow-test-"): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

/** As `cli`, without blocking this process: needed when the test itself serves HTTP (the fake GitHub). */
export function cliAsync(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Ran> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: opts.cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...opts.env },
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
