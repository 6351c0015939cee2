/**
 * Nothing an agent or a check starts may outlive its attempt: not a `setsid` child, a double-fork
 * daemon, or one that ignores SIGTERM. Two mechanisms, the strongest the machine allows:
 *
 * - "pid-namespace": the command runs in its own PID namespace (`unshare --pid --fork --kill-child`,
 *   which needs CAP_SYS_ADMIN), under `setpriv --pdeathsig KILL`. When the namespace's first process
 *   ends, the kernel kills every other process in it; when the engine dies, even by SIGKILL, the kernel
 *   kills `unshare`, which kills the namespace. No process can leave a PID namespace.
 * - "process-tree" (the fallback, no privileges): while the command runs, /proc is walked every
 *   POLL_MS and every descendant (by ppid), member of its process group or session, or process that
 *   carries the attempt's marker variable is remembered. When the attempt ends, all of them and all
 *   processes carrying the marker are stopped, then killed. A process that double-forks within one poll
 *   AND execs with an environment without the marker escapes; only an OS sandbox closes that.
 *
 * `AGENT_FLOW_CONTAINMENT` (auto | pid-namespace | process-tree) chooses; auto takes the namespace
 * when it works. The marker (`AGENT_FLOW_PROCESS=<run id>/<attempt>`) also lets a resumed run end
 * what a dead engine left running (endProcessesOfRun).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export type Containment = "pid-namespace" | "process-tree";
/** Each attempt's processes carry `AGENT_FLOW_PROCESS=<run id>/<attempt>`, found again under /proc. */
export const PROCESS_MARK = "AGENT_FLOW_PROCESS";
export const CONTAINMENT_SETTING = "AGENT_FLOW_CONTAINMENT";

const POLL_MS = 200;

interface Proc {
  pid: number;
  ppid: number;
  pgrp: number;
  session: number;
  /** Start time in clock ticks since boot: a pid seen again with another start time is another process. */
  start: string;
  zombie: boolean;
}

function readProc(pid: number): Proc | null {
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

function listProcs(): Proc[] {
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

/** The process's initial environment holds `AGENT_FLOW_PROCESS=<mark>` (exact), or `...=<prefix>...`. */
function carriesMark(pid: number, mark: string, prefix: boolean): boolean {
  let environ: Buffer;
  try {
    environ = fs.readFileSync(`/proc/${pid}/environ`);
  } catch {
    return false;
  }
  const want = `${PROCESS_MARK}=${mark}`;
  for (const entry of environ.toString("utf8").split("\0"))
    if (prefix ? entry.startsWith(want) : entry === want) return true;
  return false;
}

let probed: Containment | undefined;

function findProgram(name: string, pathVar: string | undefined): string | null {
  for (const dir of (pathVar ?? "").split(":")) {
    if (!dir) continue;
    const full = path.join(dir, name);
    try {
      fs.accessSync(full, fs.constants.X_OK);
      return full;
    } catch {
      // next
    }
  }
  return null;
}

let wrapperPrograms: { setpriv: string; unshare: string } | null = null;

/** The mechanism in force for this engine process; throws on a bad or unmet AGENT_FLOW_CONTAINMENT. */
export function containment(): Containment {
  const setting = process.env[CONTAINMENT_SETTING] || "auto";
  if (!["auto", "pid-namespace", "process-tree"].includes(setting))
    throw new Error(`${CONTAINMENT_SETTING}='${setting}' must be auto, pid-namespace or process-tree`);
  if (setting === "process-tree" || process.platform !== "linux") return "process-tree";
  if (probed === undefined) {
    const setpriv = findProgram("setpriv", process.env.PATH);
    const unshare = findProgram("unshare", process.env.PATH);
    const ok =
      setpriv !== null &&
      unshare !== null &&
      spawnSync(
        setpriv,
        [
          "--pdeathsig",
          "KILL",
          "--",
          unshare,
          "--pid",
          "--fork",
          "--kill-child",
          "--mount-proc",
          "--",
          "true",
        ],
        {
          stdio: "ignore",
          timeout: 10_000,
        },
      ).status === 0;
    wrapperPrograms = ok && setpriv && unshare ? { setpriv, unshare } : null;
    probed = ok ? "pid-namespace" : "process-tree";
  }
  if (setting === "pid-namespace" && probed !== "pid-namespace")
    throw new Error(
      `${CONTAINMENT_SETTING}=pid-namespace, but 'unshare --pid' does not work here (it needs CAP_SYS_ADMIN, and setpriv and unshare from util-linux); unset it to fall back to process-tree`,
    );
  return probed;
}

/**
 * argv that runs `command` contained as `mode` says, stdout and stderr on one pipe when `mergeStderr`
 * (so the log keeps their order). In a namespace a shell is the first process, so the command is not:
 * the first process of a namespace ignores signals it has no handler for, which would make
 * `kill -9 $$` a no-op. The price: a signal death comes back as exit code 128+N (process.ts maps it).
 */
export function containedCommand(mode: Containment, command: string[], mergeStderr: boolean): string[] {
  const redirect = mergeStderr ? " 2>&1" : "";
  if (mode === "process-tree")
    return mergeStderr ? ["/bin/sh", "-c", `exec "$@"${redirect}`, "sh", ...command] : command;
  if (!wrapperPrograms) throw new Error("containment() must report pid-namespace first");
  return [
    wrapperPrograms.setpriv,
    "--pdeathsig",
    "KILL",
    "--",
    wrapperPrograms.unshare,
    "--pid",
    "--fork",
    "--kill-child",
    // the namespace's own /proc: without it, sandboxes that start a PID namespace themselves (Codex's
    // bubblewrap) hang
    "--mount-proc",
    "--",
    "/bin/sh",
    "-c",
    `"$@"${redirect}; exit $?`,
    "sh",
    ...command,
  ];
}

/** Why `program` cannot be started, as spawn would say it (ENOENT, EACCES), or null when it can. */
export function startProblem(program: string, pathVar: string | undefined, cwd: string): string | null {
  if (!program.includes("/"))
    return findProgram(program, pathVar) === null ? `command not found: ${program}` : null;
  const full = path.resolve(cwd, program);
  if (!fs.existsSync(full)) return `command not found: ${program}`;
  try {
    fs.accessSync(full, fs.constants.X_OK);
    return null;
  } catch {
    return `permission denied: ${program}`;
  }
}

/** Whether this machine can put commands in their own PID namespace (for tests and `doctor`-like use). */
export function pidNamespaceAvailable(): boolean {
  const saved = process.env[CONTAINMENT_SETTING];
  try {
    delete process.env[CONTAINMENT_SETTING];
    return containment() === "pid-namespace";
  } finally {
    if (saved !== undefined) process.env[CONTAINMENT_SETTING] = saved;
  }
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
  return endMatching((p) => carriesMark(p.pid, `${runId}/`, true));
}

/** Remembers the processes of one attempt while it runs (process-tree mode), and ends them all. */
export class AttemptTracker {
  private readonly seen = new Map<number, string>();
  private readonly leaderStart: number;
  private timer: NodeJS.Timeout | undefined;
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
    if (watch) {
      this.timer = setInterval(() => this.poll(), POLL_MS);
      this.timer.unref();
    }
  }

  private belongs(p: Proc): boolean {
    return (
      this.seen.has(p.ppid) ||
      p.pgrp === this.leader ||
      p.session === this.leader ||
      // Only a process started since the attempt can carry its marker: skip reading the others' environ.
      (this.mark !== undefined && Number(p.start) >= this.leaderStart && carriesMark(p.pid, this.mark, false))
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
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    // Once a walk found none of the attempt's processes left, none can appear: only one of them could
    // start another. A second call (the run's settle after the exit handler) has nothing to do.
    if (this.ended) return 0;
    const procs = listProcs();
    this.poll(procs);
    return endMatching(
      (p) => this.seen.get(p.pid) === p.start || this.belongs(p),
      procs,
      () => {
        this.ended = true;
      },
    );
  }
}
