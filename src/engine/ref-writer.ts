import type { ChildProcess } from "node:child_process";
import { AgentFlowError } from "../lib/errors.js";
import type { Git } from "./git.js";

/** A ref transaction that git refused (or whose git process ended before it was committed). */
export class RefTransactionError extends AgentFlowError {
  constructor(detail: string) {
    super(`git update-ref --stdin failed: ${detail}`);
    this.name = "RefTransactionError";
  }
}

/** An idle writer ends after this long: a run saves its state every step, far more often. */
const IDLE_MS = 5000;

/** The ref()/unref() of a child's pipe (a net.Socket; typed as a plain stream). */
interface Handle {
  ref?: () => void;
  unref?: () => void;
}

interface Pending {
  expect: number;
  seen: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * One `git update-ref --stdin` per git dir, fed a transaction (`start`, updates, `prepare`, `commit`) at
 * a time: the run's state is saved after every step and every agent of a group, and a process started
 * for each save was a large part of a step's cost (forking the Node process is slow). git answers
 * `<command>: ok` for each transaction command, so a save is known durable when `commit: ok` arrives.
 * Any error makes git print it and exit: the save fails with git's message and the next one starts a
 * new process. Transactions are sent one after the other, never interleaved.
 */
class RefWriter {
  private child: ChildProcess | null = null;
  private stderr = "";
  private buffered = "";
  private current: Pending | null = null;
  private queue: Promise<void> = Promise.resolve();
  private idle: NodeJS.Timeout | null = null;

  constructor(private readonly git: Git) {}

  /**
   * Starts the process ahead of the first transaction (see startRefWriter()); it ends after IDLE_MS
   * unused, as after a transaction.
   */
  warm(): Promise<void> {
    const run = this.queue.then(async () => {
      if (this.child) return;
      this.endWhenIdle(await this.start());
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  transaction(updates: readonly (readonly [ref: string, sha: string])[]): Promise<void> {
    const run = this.queue.then(() => this.send(updates));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async send(updates: readonly (readonly [ref: string, sha: string])[]): Promise<void> {
    for (const [ref, sha] of updates)
      if (/[\s\0]/.test(ref) || !/^[0-9a-f]{40,64}$/.test(sha))
        throw new RefTransactionError(`cannot update ${JSON.stringify(ref)} to ${JSON.stringify(sha)}`);
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const child = this.child ?? (await this.start());
    const lines = ["start", ...updates.map(([ref, sha]) => `update ${ref} ${sha}`), "prepare", "commit"];
    // While an answer is awaited, git's output keeps this process alive (between two, nothing does).
    const out = child.stdout as unknown as Handle | null;
    out?.ref?.();
    try {
      await new Promise<void>((resolve, reject) => {
        this.current = { expect: 3, seen: 0, resolve, reject };
        child.stdin?.write(`${lines.join("\n")}\n`);
      });
    } finally {
      this.current = null;
      out?.unref?.();
    }
    if (this.child === child) this.endWhenIdle(child);
  }

  /** Ends `child` once IDLE_MS pass without a transaction. */
  private endWhenIdle(child: ChildProcess): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stop(child), IDLE_MS);
    this.idle.unref();
  }

  private async start(): Promise<ChildProcess> {
    const child = await this.git.spawnLongLived(["update-ref", "--stdin"]);
    this.child = child;
    this.stderr = "";
    this.buffered = "";
    // Neither the process nor its pipes keep this process alive: at exit, git reads EOF and ends.
    child.unref();
    for (const s of [child.stdin, child.stdout, child.stderr]) (s as unknown as Handle | null)?.unref?.();
    child.stdin?.on("error", () => {});
    child.stderr?.on("data", (d: Buffer) => {
      this.stderr = (this.stderr + d.toString("utf8")).slice(-4000);
    });
    child.stdout?.on("data", (d: Buffer) => {
      this.buffered += d.toString("utf8");
      let nl = this.buffered.indexOf("\n");
      while (nl >= 0) {
        const line = this.buffered.slice(0, nl);
        this.buffered = this.buffered.slice(nl + 1);
        this.answer(line);
        nl = this.buffered.indexOf("\n");
      }
    });
    const ended = (why: string): void => {
      if (this.child === child) this.child = null;
      const p = this.current;
      this.current = null;
      p?.reject(new RefTransactionError(this.stderr.trim() || why));
    };
    child.on("error", (e) => ended(`cannot run git: ${e.message}`));
    child.on("close", (code, signal) => ended(`git exited (${signal ?? `code ${code}`})`));
    return child;
  }

  private answer(line: string): void {
    const p = this.current;
    if (!p) return;
    if (!/^(start|prepare|commit): ok$/.test(line)) {
      p.reject(new RefTransactionError(`unexpected answer ${JSON.stringify(line)}`));
      this.current = null;
      return;
    }
    p.seen += 1;
    if (p.seen === p.expect) p.resolve();
  }

  private stop(child: ChildProcess): void {
    if (this.child !== child || this.current) return;
    this.child = null;
    child.stdin?.end();
  }
}

const writers = new Map<string, RefWriter>();

async function writerFor(git: Git): Promise<RefWriter> {
  const dir = await git.gitDir();
  let w = writers.get(dir);
  if (!w) {
    w = new RefWriter(git);
    writers.set(dir, w);
  }
  return w;
}

/** Moves `updates` in one transaction through the git dir's long-lived writer (see RefWriter). */
export async function refTransaction(
  git: Git,
  updates: readonly (readonly [ref: string, sha: string])[],
): Promise<void> {
  if (updates.length === 0) return;
  await (await writerFor(git)).transaction(updates);
}

/**
 * Starts the git dir's writer before anything is written (a run's start, while its flow file is read):
 * the first transaction then finds git running. Starting it writes nothing; never rejects (a failure is
 * met again, and reported, by the first transaction).
 */
export async function startRefWriter(git: Git): Promise<void> {
  await writerFor(git)
    .then((w) => w.warm())
    .catch(() => undefined);
}
