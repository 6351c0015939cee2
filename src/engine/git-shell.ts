import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import type { Readable } from "node:stream";

/**
 * Git processes started by a small helper shell instead of by Node. Node's spawn forks the whole engine
 * (tens of MB of page tables) and blocks its event loop while it does: 4-5 ms of CPU per git call, and
 * 15-20 ms of wall time on a loaded machine, against ~1 ms for a `/bin/sh` of 1-2 MB to fork. A few such
 * shells are kept for the process and reused; each runs one command at a time, in a subshell that
 * changes to the command's folder, sets its environment and execs git (by absolute path, as before).
 *
 * Nothing goes through files: the command's output is the shell's own stdout and stderr up to an end mark
 * that carries a random nonce the engine picks per command (no output, e.g. a file name an agent chose,
 * can forge it), followed by git's exit status. Standard input is written into the command as a printf
 * format in which every byte that is not plain text is an octal escape. Arguments are single-quoted.
 * The shells start with the engine's git environment (git-env.ts) and no ENV/BASH_ENV, and end when
 * the engine's end of their input closes.
 */

export interface ShellRequest {
  program: string;
  args: readonly string[];
  cwd: string;
  /** The command's whole environment. */
  env: NodeJS.ProcessEnv;
  input?: string;
}

export interface ShellResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Shells kept at most: beyond this many git commands at once, the caller spawns git itself. */
const MAX_SHELLS = 4;
/** Raised for a wide parallel group (startShells()). */
let maxShells = MAX_SHELLS;
const SHELL = "/bin/sh";
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Variables naming a file a shell reads at start-up: never given to the helper shells. */
const STARTUP_FILES = new Set(["ENV", "BASH_ENV"]);

/** A value as one single-quoted shell word. */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** `text` as a printf format printing exactly its UTF-8 bytes. */
export function printfFormat(text: string): string {
  let out = "";
  for (const b of Buffer.from(text, "utf8")) {
    const plain = b >= 0x20 && b < 0x7f && b !== 0x25 && b !== 0x27 && b !== 0x5c;
    out += plain ? String.fromCharCode(b) : `\\${b.toString(8).padStart(3, "0")}`;
  }
  return `'${out}'`;
}

/** The helper shell could not be started: the command did not run (see runInShell()). */
export class ShellUnavailable extends Error {}

/** Set once a shell failed to start: every later command is spawned directly. */
let unavailable = process.platform === "win32" || !existsSync(SHELL);

interface Pending {
  mark: Buffer;
  done: (r: ShellResult) => void;
  fail: (e: Error) => void;
}

class Shell {
  readonly child: ChildProcess;
  private out: Buffer = Buffer.alloc(0);
  private err: Buffer = Buffer.alloc(0);
  private pending: Pending | null = null;
  dead = false;

  constructor(readonly env: NodeJS.ProcessEnv) {
    this.child = spawn(SHELL, [], { cwd: "/", env, stdio: ["pipe", "pipe", "pipe"], detached: true });
    this.child.stdout?.on("data", (d: Buffer) => {
      this.out = this.out.length === 0 ? d : Buffer.concat([this.out, d]);
      this.check();
    });
    this.child.stderr?.on("data", (d: Buffer) => {
      this.err = this.err.length === 0 ? d : Buffer.concat([this.err, d]);
      this.check();
    });
    this.child.stdin?.on("error", () => this.die(new Error("the git helper shell stopped reading")));
    this.child.on("error", (e) => {
      // Never started (no shell on this system): no command ran, the caller may run it itself.
      if (this.child.pid === undefined) unavailable = true;
      this.die(new ShellUnavailable(`cannot start ${SHELL}: ${e.message}`));
    });
    this.child.on("exit", () => this.die(new Error("the git helper shell ended")));
    this.idle();
  }

  get busy(): boolean {
    return this.pending !== null;
  }

  run(req: ShellRequest): Promise<ShellResult> {
    const nonce = randomBytes(16).toString("hex");
    const mark = Buffer.from(`\0${nonce} `, "latin1");
    const lines = [
      `(cd ${shellQuote(req.cwd)} || exit 126`,
      ...envChanges(this.env, req.env),
      `exec ${[req.program, ...req.args].map(shellQuote).join(" ")})`,
    ].join("\n");
    const stdin =
      req.input === undefined ? `${lines} </dev/null` : `printf ${printfFormat(req.input)} | ${lines}`;
    const script = `${stdin}\nprintf '\\000%s %s\\n' ${nonce} "$?"; printf '\\000%s \\n' ${nonce} >&2\n`;
    return new Promise((done, fail) => {
      this.pending = { mark, done, fail };
      this.busyRef();
      this.child.stdin?.write(script);
    });
  }

  private check(): void {
    const p = this.pending;
    if (p === null) return;
    const o = this.out.indexOf(p.mark);
    const e = this.err.indexOf(p.mark);
    if (o < 0 || e < 0) return;
    const oEnd = this.out.indexOf(10, o + p.mark.length);
    const eEnd = this.err.indexOf(10, e + p.mark.length);
    if (oEnd < 0 || eEnd < 0) return;
    const status = this.out.toString("latin1", o + p.mark.length, oEnd);
    const result = {
      exitCode: /^\d+$/.test(status) ? Number(status) : 1,
      stdout: this.out.toString("utf8", 0, o),
      stderr: this.err.toString("utf8", 0, e),
    };
    this.out = this.out.subarray(oEnd + 1);
    this.err = this.err.subarray(eEnd + 1);
    this.pending = null;
    this.idle();
    p.done(result);
  }

  private die(e: Error): void {
    if (this.dead) return;
    this.dead = true;
    const p = this.pending;
    this.pending = null;
    p?.fail(e);
    release(this);
  }

  /** An idle shell keeps no Node process alive; a busy one does (its command's caller awaits it). */
  private idle(): void {
    this.child.unref();
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr])
      (s as (Readable & { unref?: () => void }) | null)?.unref?.();
  }

  private busyRef(): void {
    this.child.ref();
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr])
      (s as (Readable & { ref?: () => void }) | null)?.ref?.();
  }
}

/** `export`/`unset` lines turning the shell's environment `from` into `to`. */
function envChanges(from: NodeJS.ProcessEnv, to: NodeJS.ProcessEnv): string[] {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(to))
    if (v !== undefined && from[k] !== v) lines.push(`export ${k}=${shellQuote(v)}`);
  for (const k of Object.keys(from)) if (to[k] === undefined) lines.push(`unset ${k}`);
  return lines;
}

const shells: Shell[] = [];

function release(shell: Shell): void {
  const at = shells.indexOf(shell);
  if (at >= 0) shells.splice(at, 1);
  shell.child.stdin?.end();
}

/**
 * Whether a request can go through a shell: no NUL in any argument or value, only variable names a
 * shell can export, and the switch AGENT_FLOW_GIT_SHELL=0 not set.
 */
export function shellable(req: ShellRequest): boolean {
  if (unavailable || process.env.AGENT_FLOW_GIT_SHELL === "0") return false;
  const words = [req.program, req.cwd, ...req.args, ...Object.values(req.env).map((v) => v ?? "")];
  return !words.some((w) => w.includes("\0")) && Object.keys(req.env).every((k) => NAME_RE.test(k));
}

/**
 * Runs `req` in an idle helper shell (a new one, started with environment `base`, when none is idle and
 * fewer than MAX_SHELLS run), or answers null when all are busy: the caller spawns git itself then, so a
 * slow command (a push) never holds up the others.
 */
export function runInShell(req: ShellRequest, base: () => NodeJS.ProcessEnv): Promise<ShellResult> | null {
  let shell = shells.find((s) => !s.busy && !s.dead);
  if (shell === undefined) {
    if (shells.length >= maxShells) return null;
    shell = newShell(base);
  }
  return shell.run(req);
}

function newShell(base: () => NodeJS.ProcessEnv): Shell {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base())) if (NAME_RE.test(k) && !STARTUP_FILES.has(k)) env[k] = v;
  const shell = new Shell(env);
  shells.push(shell);
  return shell;
}

/**
 * Lets `n` shells run (never fewer than MAX_SHELLS) and starts the missing ones now: a parallel group
 * of `n` members runs git for each at once after their agents, and a shell started then is one more
 * fork of the engine on the step's critical path (called while the agents run).
 */
export function startShells(n: number, base: () => NodeJS.ProcessEnv): void {
  maxShells = Math.max(maxShells, n);
  if (unavailable || process.env.AGENT_FLOW_GIT_SHELL === "0") return;
  while (shells.length < n) newShell(base);
}

/** The helper shells alive now (pids), for tests and diagnostics. */
export function helperShells(): number[] {
  return shells.filter((s) => !s.dead && s.child.pid !== undefined).map((s) => s.child.pid as number);
}
