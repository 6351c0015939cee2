/**
 * The process-tree containment (no privileges, no namespace): while an attempt runs, /proc is walked
 * every POLL_MS and every descendant (by ppid), member of its process group or session, or process that
 * carries the attempt's marker variable is remembered. When the attempt ends, all of them and all
 * processes carrying the marker are stopped, then killed. A process that double-forks within one walk
 * AND execs with an environment without the marker (`env -i`) escapes; only a namespace closes that.
 * The marker also lets a resumed run end what a dead engine left running (endProcessesOfRun).
 */
import * as fs from "node:fs";

/** Each attempt's processes carry `AGENT_FLOW_PROCESS=<run id>/<attempt>`, found again under /proc. */
export const PROCESS_MARK = "AGENT_FLOW_PROCESS";

const POLL_MS = 200;

export interface Proc {
  pid: number;
  ppid: number;
  pgrp: number;
  session: number;
  /** Start time in clock ticks since boot: a pid seen again with another start time is another process. */
  start: string;
  zombie: boolean;
}

export function readProc(pid: number): Proc | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // "pid (comm) state ppid pgrp session ...": comm may hold spaces and ')', so split after the last ')'.
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return {
    pid,
    ppid: Number(f[1]),
    pgrp: Number(f[2]),
    session: Number(f[3]),
    start: f[19] ?? "",
    zombie: f[0] === "Z" || f[0] === "X",
  };
}

/** Walks of /proc made by this process (listProcs()), for tests of when the engine walks. */
let walks = 0;
export const procWalks = (): number => walks;

export function listProcs(): Proc[] {
  walks += 1;
  let names: string[];
  try {
    names = fs.readdirSync("/proc");
  } catch {
    return [];
  }
  const out: Proc[] = [];
  for (const n of names) {
    if (!/^\d+$/.test(n)) continue;
    const p = readProc(Number(n));
    if (p && !p.zombie && p.pid !== process.pid) out.push(p);
  }
  return out;
}

/**
 * The marker values in each walked process's initial environment, read once per walk: the `Proc`
 * objects of one walk are shared by the attempts that end together (endWaiting()), and each of them
 * otherwise read the environ of every process started since its own start, the other members' included.
 */
const marksOf = new WeakMap<Proc, readonly string[]>();

function marks(p: Proc): readonly string[] {
  const known = marksOf.get(p);
  if (known) return known;
  const found: string[] = [];
  let environ: Buffer | null = null;
  try {
    environ = fs.readFileSync(`/proc/${p.pid}/environ`);
  } catch {
    // gone, or not ours to read: carries nothing we can see
  }
  const key = `${PROCESS_MARK}=`;
  if (environ)
    for (const entry of environ.toString("utf8").split("\0"))
      if (entry.startsWith(key)) found.push(entry.slice(key.length));
  marksOf.set(p, found);
  return found;
}

/** The process's initial environment holds `AGENT_FLOW_PROCESS=<mark>` (exact), or `...=<prefix>...`. */
function carriesMark(p: Proc, mark: string, prefix: boolean): boolean {
  return marks(p).some((v) => (prefix ? v.startsWith(mark) : v === mark));
}

/** Stop, then kill, every listed process that is still the one we saw (same start time). */
function stopAndKill(found: Map<number, string>): void {
  for (const sig of ["SIGSTOP", "SIGKILL"] as const)
    for (const [pid, start] of found) {
      if (readProc(pid)?.start !== start) continue;
      try {
        process.kill(pid, sig);
      } catch {
        // gone already
      }
    }
}

/**
 * Ends every process matching `match` (plus descendants of those found) until a scan finds none: each
 * round stops what it finds first, so nothing can fork while the round is in progress.
 */
function endMatching(match: (p: Proc) => boolean, first?: Proc[], done?: () => void): number {
  let ended = 0;
  for (let round = 0; round < 20; round++) {
    // A walk of /proc costs ~0.1 ms per process (15 ms on a busy machine): the caller's is re-used once.
    const procs = round === 0 && first ? first : listProcs();
    const found = new Map<number, string>();
    for (const p of procs) if (match(p)) found.set(p.pid, p.start);
    let grew = true;
    while (grew) {
      grew = false;
      for (const p of procs)
        if (!found.has(p.pid) && found.has(p.ppid)) {
          found.set(p.pid, p.start);
          grew = true;
        }
    }
    if (found.size === 0) {
      done?.();
      return ended;
    }
    stopAndKill(found);
    ended += found.size;
  }
  return ended;
}

/** Ends every process that a (dead) engine started for this run; for a resumed run, before anything. */
export function endProcessesOfRun(runId: string): number {
  if (process.platform !== "linux") return 0;
  return endMatching((p) => carriesMark(p, `${runId}/`, true));
}

/** Remembers the processes of one attempt while it runs (process-tree mode), and ends them all. */
export class AttemptTracker {
  private readonly seen = new Map<number, string>();
  private readonly leaderStart: number;
  private ended = false;

  /** `watch`: walk /proc while the attempt runs (process-tree mode); a namespace needs only the end. */
  constructor(
    private readonly leader: number,
    private readonly mark: string | undefined,
    watch: boolean,
  ) {
    const me = readProc(leader);
    if (me) this.seen.set(leader, me.start);
    this.leaderStart = me ? Number(me.start) : 0;
    if (watch) watching.add(this);
    if (watching.size > 0 && pollTimer === undefined) {
      pollTimer = setInterval(pollAll, POLL_MS);
      pollTimer.unref();
    }
  }

  private belongs(p: Proc): boolean {
    return (
      this.seen.has(p.ppid) ||
      p.pgrp === this.leader ||
      p.session === this.leader ||
      // Only a process started since the attempt can carry its marker: skip reading the others' environ.
      (this.mark !== undefined && Number(p.start) >= this.leaderStart && carriesMark(p, this.mark, false))
    );
  }

  /** One walk of /proc: adds whatever now belongs to the attempt (repeated until nothing new). */
  poll(procs: Proc[] = listProcs()): void {
    let grew = true;
    while (grew) {
      grew = false;
      for (const p of procs)
        if (
          this.seen.get(p.pid) !== p.start &&
          (this.seen.has(p.ppid) || p.pgrp === this.leader || p.session === this.leader)
        ) {
          this.seen.set(p.pid, p.start);
          grew = true;
        }
    }
  }

  /** Kills everything of the attempt still alive, synchronously (also usable from exit handlers). */
  endAll(): number {
    return this.endWith(undefined);
  }

  /**
   * endAll() with a walk of /proc shared by the attempts that end in the same turn of the event loop: a
   * wide group's agents end together, and one walk each (several ms per walk, the event loop blocked)
   * put them one after another on the step's critical path. The walk starts after this call, so it sees
   * everything the attempt left, as endAll()'s own would.
   */
  endAllSoon(): Promise<number> {
    unwatch(this);
    if (this.ended) return Promise.resolve(0);
    return new Promise((resolve, reject) => {
      ending.push({ tracker: this, resolve, reject });
      if (ending.length === 1) setImmediate(endWaiting);
    });
  }

  /**
   * The attempt's processes are known gone without a walk: its PID namespace ended (containment.ts).
   * The kernel ends every process of a namespace when its first process exits, and that first process's
   * exit (which the leader waited for before exiting normally) completes only once all are gone.
   */
  gone(): void {
    unwatch(this);
    this.ended = true;
  }

  /** Ends the attempt's processes; `procs`: a walk of /proc begun after the attempt's leader exited. */
  endWith(procs: Proc[] | undefined): number {
    unwatch(this);
    // Once a walk found none of the attempt's processes left, none can appear: only one of them could
    // start another. A second call (the run's settle after the exit handler) has nothing to do.
    if (this.ended) return 0;
    const walk = procs ?? listProcs();
    this.poll(walk);
    return endMatching(
      (p) => this.seen.get(p.pid) === p.start || this.belongs(p),
      walk,
      () => {
        this.ended = true;
      },
    );
  }
}

/** Attempts watched in process-tree mode: one walk every POLL_MS serves all of them. */
const watching = new Set<AttemptTracker>();
let pollTimer: NodeJS.Timeout | undefined;

function pollAll(): void {
  if (watching.size === 0) return;
  const procs = listProcs();
  for (const t of watching) t.poll(procs);
}

function unwatch(t: AttemptTracker): void {
  watching.delete(t);
  if (watching.size > 0 || pollTimer === undefined) return;
  clearInterval(pollTimer);
  pollTimer = undefined;
}

/** Attempts whose end waits for the next shared walk (endAllSoon()). */
let ending: { tracker: AttemptTracker; resolve: (n: number) => void; reject: (e: unknown) => void }[] = [];

function endWaiting(): void {
  const batch = ending;
  ending = [];
  const procs = listProcs();
  for (const { tracker, resolve, reject } of batch) {
    try {
      resolve(tracker.endWith(procs));
    } catch (e) {
      reject(e);
    }
  }
}
