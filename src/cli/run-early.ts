import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { Git } from "../engine/git.js";
import type { RunBase } from "../engine/start.js";
import { DEFAULT_FLOW_FILE } from "../flow/default-file.js";

/**
 * A new run's base read and its first directory prepared (early-workspace.ts) from the CLI's entry,
 * before the CLI's and the run's code are loaded (issue 12, run start at 20,000 files): the two walks
 * that come first (the claimed directory's verify, the first reading of the checkout) then run on the
 * other core while this thread loads that code, about 150 ms sooner than when the run command started
 * them. The command line is only glanced at here (commander parses it later): the run command takes
 * what was begun only when the options it parsed name the same directory and base for a new run
 * (takeRunEarly()); else it begins its own, which hands the early directory back. Nothing is decided
 * or written: only git reads the repository, and the directory is prepared by acquire() itself.
 */
interface Begun {
  cwd: string;
  base: string | undefined;
  /** Set when the run command does not take it: no directory is opened after that. */
  dropped: boolean;
  /** The base, read while the directory is prepared; null when nothing was begun or the read failed. */
  chain: Promise<RunBase | null>;
}

let begun: Begun | null = null;

/** The value of `--name V` / `--name=V` on the command line, the last one winning (as commander does). */
function optionValue(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--") break;
    if (a === name) value = argv[++i];
    else if (a.startsWith(`${name}=`)) value = a.slice(name.length + 1);
  }
  return value;
}

/**
 * Begins, for `agent-flow run` with `argv` (after "run") in `cwd`, what the run command would begin
 * once loaded. Not for a retry (it resumes its own base), nor without a flow file. Never rejects;
 * resolves once the engine's code it needs is loaded.
 */
export function beginRunEarly(cwd: string, argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  if (argv.includes("--retry") || argv.includes("--help") || argv.includes("-h")) return Promise.resolve();
  const base = optionValue(argv, "--base");
  const named = optionValue(argv, "--flow") ?? (env.AGENT_FLOW_FILE || undefined);
  // The engine's code is loaded while git finds the repository: the walks start once both are there.
  const code = Promise.all([import("../engine/start.js"), import("../engine/early-workspace.js")]);
  const entry: Begun = { cwd, base, dropped: false, chain: Promise.resolve(null) };
  entry.chain = (async () => {
    const [top, [{ readBase }, { openBeforeRun }]] = await Promise.all([new Git(cwd).topLevel(), code]);
    if (top === undefined || entry.dropped) return null;
    const flow = named !== undefined ? resolve(cwd, named) : resolve(top, DEFAULT_FLOW_FILE);
    if (!existsSync(flow)) return null;
    const read = readBase(cwd, base);
    openBeforeRun(
      cwd,
      read.then((b) => b.baseSha),
    );
    // A base that cannot be read is the run command's to report: it reads it again (and begins anew).
    return await read;
  })().catch(() => null);
  begun = entry;
  return code.then(
    () => undefined,
    () => undefined,
  );
}

/**
 * The base read begun by beginRunEarly() for a new run in `cwd` from `base`, its first directory being
 * prepared; undefined when none was begun for them (the caller begins its own). Taken once.
 */
export function takeRunEarly(cwd: string, base: string | undefined): Promise<RunBase | null> | undefined {
  const entry = begun;
  begun = null;
  if (entry === null) return undefined;
  if (entry.cwd === cwd && entry.base === base) return entry.chain;
  drop(entry);
  return undefined;
}

/** What beginRunEarly() began, not to be taken (a retry): its directory goes back to the pool. */
export function dropRunEarly(): void {
  if (begun !== null) drop(begun);
  begun = null;
}

function drop(entry: Begun): void {
  entry.dropped = true;
  void entry.chain.then(async (read) => {
    if (read !== null) (await import("../engine/early-workspace.js")).handBackEarly();
  });
}
