/**
 * An attempt's contained process, started before its command is known. Making a PID namespace costs a
 * fork of the engine (which blocks it for a few ms) and three programs started one after the other
 * (setpriv, unshare, the namespace's shell): 10-20 ms on a loaded machine, which used to lie between the
 * moment the agent could start and its first instruction. A spare is that chain made ahead: the engine
 * keeps one, started while an agent runs (keepSpareReady(); the engine has nothing else to do then), for
 * the next attempt, which takes it as it begins (or, in a wide group, as its directory is handed over).
 * A parallel group's members each need one at the same moment: the engine then keeps as many as the
 * group is wide (keepSparesReady(), made ahead while the run starts or while the previous step's agents
 * run), so that starting a member is only writing its script.
 * The namespace's shell waits for its script on stdin and runs nothing before it. The script (written
 * by runProcess() once everything that must precede the agent is done: its directory, prompt,
 * fingerprint and status write) changes to the agent's directory, sets its whole environment and runs
 * its command as the shell's child, exactly as the shell of containedCommand() does; the command's
 * stdin is the spare's fd 3 or /dev/null. A spare that waits longer than IDLE_MS ends unused (a
 * namespace's mounts are those of the moment it was made, so none is used long after).
 *
 * The spare's processes get an empty environment: no secret sits in setpriv's or unshare's environment,
 * and the command's variables arrive on the shell's stdin (a socket only the engine writes to). A spare
 * not used ends with its attempt (disposeSpare()), on the engine's exit, and with the engine itself
 * (setpriv's death signal, as for any contained command).
 */
import { type ChildProcess, spawn } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { containment, namespacedShell } from "./containment.js";

export interface Spare {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Taken by a command, or disposed: it cannot be used again. */
  used: boolean;
}

/** Variable names a shell may export with `export NAME=value`. */
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * Names the shell sets or reads itself: an environment that holds one is left to a plain spawn, so that
 * what the command receives never depends on the shell's handling of them.
 */
const SHELL_NAMES = new Set(["IFS", "PPID", "OPTIND", "PS1", "PS2", "PS4", "PWD", "OLDPWD", "ENV", "LINENO"]);

const spares = new Set<Spare>();
/** The spares kept for the next attempts, oldest first, each with the timer that ends it unused. */
const ready: { spare: Spare; timer: NodeJS.Timeout }[] = [];
/** Spares still to be started for keepSparesReady(): one at a time, each in its own turn of the loop. */
let filling: NodeJS.Immediate | null = null;
/** How many keepSparesReady() still starts. */
let toMake = 0;
/** How long a spare kept for the next attempt waits for it at most. */
const IDLE_MS = 10 * 60_000;
let exitHookInstalled = false;

/** A value as one single-quoted shell word. */
const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

type Streams = (Readable | Writable | null | undefined)[];
const streamsOf = (c: ChildProcess): Streams => [c.stdin, c.stdout, c.stderr, c.stdio[3]];

function setRef(c: ChildProcess, on: boolean): void {
  if (on) c.ref();
  else c.unref();
  for (const s of streamsOf(c)) {
    const h = s as { ref?: () => void; unref?: () => void } | null | undefined;
    if (on) h?.ref?.();
    else h?.unref?.();
  }
}

/**
 * Starts a spare when agents run in a PID namespace (else null: the command is spawned as before). It
 * keeps no event loop alive while it waits.
 */
export function startSpare(): Spare | null {
  let argv: string[] | null;
  try {
    argv = containment() === "pid-namespace" ? namespacedShell() : null;
  } catch {
    return null; // a bad setting: runProcess() reports it
  }
  if (!argv) return null;
  let child: ChildProcess;
  try {
    child = spawn(argv[0] as string, argv.slice(1), {
      cwd: "/",
      env: {},
      detached: true,
      stdio: ["pipe", "pipe", "pipe", "pipe"],
    });
  } catch {
    return null;
  }
  child.on("error", () => undefined); // a failed start shows as no pid; a failed write, as its exit
  for (const s of [child.stdin, child.stdio[3]]) s?.on("error", () => undefined);
  if (child.pid === undefined) return null;
  const spare: Spare = { child, pid: child.pid, used: false };
  spares.add(spare);
  child.once("exit", () => spares.delete(spare));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", endSparesSync);
  }
  setRef(child, false);
  return spare;
}

/** The spare kept ready (keepSpareReady()) when there is one, else one started now (or null, see startSpare()). */
export function takeSpare(): Spare | null {
  return takeKept() ?? startSpare();
}

function takeKept(): Spare | null {
  for (let kept = ready.shift(); kept; kept = ready.shift()) {
    clearTimeout(kept.timer);
    const c = kept.spare.child;
    if (!kept.spare.used && c.exitCode === null && c.signalCode === null) return kept.spare;
    disposeSpare(kept.spare);
  }
  return null;
}

/** Drops kept spares that ended or were used; how many are left. */
function liveKept(): number {
  for (let i = ready.length - 1; i >= 0; i--) {
    const k = ready[i] as (typeof ready)[number];
    const c = k.spare.child;
    if (k.spare.used || c.exitCode !== null || c.signalCode !== null) {
      clearTimeout(k.timer);
      disposeSpare(k.spare);
      ready.splice(i, 1);
    }
  }
  return ready.length;
}

/** Starts one spare and keeps it; false when none can be started (see startSpare()). */
function keepOne(): boolean {
  const spare = startSpare();
  if (!spare) return false;
  const timer = setTimeout(() => {
    const i = ready.findIndex((k) => k.spare === spare);
    if (i >= 0) ready.splice(i, 1);
    disposeSpare(spare);
  }, IDLE_MS);
  timer.unref();
  ready.push({ spare, timer });
  return true;
}

/**
 * An attempt's spare: the one kept ready, taken as the attempt begins or, when there was none then, as
 * its directory is handed over (start(): in a wide group, the one the member launched before it left).
 * Without one the command is spawned as before: a spare started on the spot, while the run's first
 * directory is prepared, measured no faster (its fork and programs compete with that git work).
 */
export class AttemptSpare {
  private current: Spare | null = takeKept();
  /** Takes the spare kept since the attempt began (e.g. by a member launched before), unless it has one. */
  start(): void {
    this.current ??= takeKept();
  }
  /** The attempt's spare; when it had none, one kept meanwhile (e.g. made ahead for a group, keepSparesReady()). */
  get spare(): Spare | null {
    this.current ??= takeKept();
    return this.current;
  }
  /** Ends it unless a command took it. */
  dispose(): void {
    disposeSpare(this.current);
  }
}

/**
 * Starts a spare for the next attempt unless one is kept already; it ends after IDLE_MS unused. Not while
 * a group holds refills (holdRefills()): it keeps the next step's spares itself, once all its agents run.
 */
export function keepSpareReady(): void {
  if (held > 0 || liveKept() > 0 || filling) return;
  keepOne();
}

/** Groups under way that keep the next step's spares themselves (see keepSpareReady()). */
let held = 0;

/**
 * While `during` runs, a command launched in a spare starts no other: a group's members launch one after
 * another, and a fork of the engine there (with its three programs) slows the next member's start.
 */
export async function holdRefills<T>(during: () => Promise<T>): Promise<T> {
  held += 1;
  try {
    return await during();
  } finally {
    held -= 1;
  }
}

/**
 * Keeps `n` spares for the attempts to come (a parallel group's members, which begin together), at most
 * MAX_KEPT. Each is a fork of the engine, which blocks it for a few ms: they are started one per turn of
 * the event loop, so that what else the engine does meanwhile (a warm-up's git, its status writes) is
 * not held up by all of them at once. Each ends after IDLE_MS unused.
 */
export function keepSparesReady(n: number): void {
  // As many as are missing now: those taken while they are made are not made again.
  toMake = Math.max(toMake, Math.min(n, MAX_KEPT) - liveKept());
  if (filling) return;
  const step = (): void => {
    filling = null;
    if (toMake <= 0 || !keepOne()) {
      toMake = 0;
      return;
    }
    toMake -= 1;
    filling = setImmediate(step);
    filling.unref();
  };
  step();
}

/** Spares kept at most: the widest group that starts its members together (its helper shells' limit). */
const MAX_KEPT = 16;

/** The pid of the spare kept for the next attempt, if any (for tests and diagnostics). */
export const keptSparePid = (): number | null => (liveKept() > 0 ? (ready[0]?.spare.pid ?? null) : null);

/** How many spares are kept for the attempts to come (for tests and diagnostics). */
export const keptSpares = (): number => liveKept();

/** SIGKILLs every spare's group (for the engine's exit: a spare never outlives it). */
export function endSparesSync(): void {
  for (const s of spares) kill(s.pid);
}

function kill(pgid: number): void {
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
    // gone
  }
}

/** Ends a spare that was not used (a no-op for one that was): nothing of it outlives its attempt. */
export function disposeSpare(spare: Spare | null | undefined): void {
  if (!spare || spare.used) return;
  spare.used = true;
  kill(spare.pid);
  for (const s of streamsOf(spare.child)) s?.destroy();
}

export interface SpareCommand {
  command: string[];
  cwd: string;
  /** The command's whole environment. */
  env: NodeJS.ProcessEnv;
  /** stderr joins stdout (see containedCommand()). */
  mergeStderr: boolean;
  /** Text for the command's stdin; without it stdin is /dev/null. */
  stdin?: string;
}

/**
 * The script that makes the spare's shell run `c` (see the head of this file), or null when the command
 * cannot be put in one: a NUL in a word, or a variable name the shell could not export as given.
 */
export function spareScript(c: SpareCommand): string | null {
  const env = Object.entries(c.env).filter((e): e is [string, string] => e[1] !== undefined);
  const words = [...c.command, c.cwd, ...env.flat()];
  if (c.command.length === 0 || words.some((w) => w.includes("\0"))) return null;
  if (env.some(([k]) => !NAME_RE.test(k) || SHELL_NAMES.has(k))) return null;
  const redirect = `${c.mergeStderr ? " 2>&1" : ""} ${c.stdin !== undefined ? "<&3" : "</dev/null"} 3<&-`;
  return [
    // The shell was started in /, with no variable but the PWD and OLDPWD it sets itself.
    `cd -P -- ${quote(c.cwd)} || exit 126`,
    "unset OLDPWD",
    ...env.map(([k, v]) => `export ${k}=${quote(v)}`),
    `${c.command.map(quote).join(" ")}${redirect}`,
    'exit "$?"',
    "",
  ].join("\n");
}

/**
 * Hands `c` to the spare and returns its process, now running the command (its pid is the group's, as a
 * spawned one's); null when the spare cannot take it (it ended, or the script cannot say the command):
 * the spare is then disposed and the caller spawns the command itself.
 */
export function launchSpare(spare: Spare, c: SpareCommand): ChildProcess | null {
  if (spare.used) return null;
  const child = spare.child;
  const script = spareScript(c);
  if (script === null || child.exitCode !== null || child.signalCode !== null || !child.stdin) {
    disposeSpare(spare);
    return null;
  }
  spare.used = true;
  setRef(child, true);
  child.stdin.end(script);
  const input = child.stdio[3] as Writable | null;
  if (c.stdin !== undefined) input?.end(c.stdin);
  else input?.destroy();
  return child;
}
