import { main } from "../../src/cli/main.js";
import type { Ran } from "./cli.js";

/**
 * As `cli`, but in this process: the CLI's own entry (`main`, what bin runs) with its output captured and
 * the same environment `cli` gives a child. For commands that only read and print (validate, plan, status,
 * logs, runs, locks, --help) where the test is about what they say, not about the process: it saves
 * starting node and loading the CLI, about 0.4 s of CPU per call. Every command keeps tests through `cli`,
 * a real process. `run` only where it is refused before it starts (a started run installs signal handlers
 * and may exit the process).
 */
export async function cliHere(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Ran> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...opts.env },
    cwd: opts.cwd,
    isTTY: false,
  });
  return { code, stdout, stderr };
}
