/**
 * Nothing an agent or a check starts may outlive its attempt: not a `setsid` child, a double-fork
 * daemon, or one that ignores SIGTERM. Two mechanisms, the strongest the machine allows:
 *
 * - "pid-namespace": the command runs in its own PID namespace with its own /proc, under
 *   `setpriv --pdeathsig KILL`. When the namespace's first process ends, the kernel kills every other
 *   process in it; when the engine dies, even by SIGKILL, the kernel kills `unshare`, which kills the
 *   namespace. No process can leave a PID namespace, and none in it can see or signal the engine. The
 *   namespace is made directly when the engine has CAP_SYS_ADMIN ("privileged"), else inside a user
 *   namespace that maps the engine's own uid and gid ("user": the agent keeps its real uid, which
 *   Claude Code needs, and gains no privilege; setuid programs such as sudo do not elevate in it).
 * - "process-tree" (the fallback): /proc walks plus a marker variable (proc-tree.ts). A process that
 *   double-forks and clears its environment within one walk escapes it.
 *
 * `AGENT_FLOW_CONTAINMENT` (auto | pid-namespace | process-tree) chooses; auto takes the namespace
 * when it works, and says why when it does not (describeContainment, for the run's log and doctor).
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export { AttemptTracker, endProcessesOfRun, PROCESS_MARK } from "./proc-tree.js";

export type Containment = "pid-namespace" | "process-tree";
/** How the PID namespace is made: with the engine's own CAP_SYS_ADMIN, or inside a user namespace. */
export type NamespaceKind = "privileged" | "user";
export const CONTAINMENT_SETTING = "AGENT_FLOW_CONTAINMENT";

interface Probe {
  mode: Containment;
  kind: NamespaceKind | null;
  programs: { setpriv: string; unshare: string } | null;
  /** Why no namespace could be made (auto mode only), for the log and doctor. */
  unavailable: string | null;
}

let probed: Probe | undefined;

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

/**
 * unshare's options for each kind. `--mount-proc` gives the namespace its own /proc: the engine's
 * processes are not listed there (an agent cannot read their environment or find their pid), and
 * sandboxes that make a PID namespace themselves (Codex's bubblewrap) need it.
 */
function unshareArgs(kind: NamespaceKind): string[] {
  const user = kind === "user" ? ["--user", "--map-current-user"] : [];
  return [...user, "--pid", "--fork", "--kill-child", "--mount-proc"];
}

/** The kernel settings that forbid unprivileged user namespaces, as found on this machine. */
function userNamespaceBlockers(): string[] {
  const read = (file: string): string | null => {
    try {
      return fs.readFileSync(file, "utf8").trim();
    } catch {
      return null;
    }
  };
  const found: string[] = [];
  if (read("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") === "1")
    found.push(
      "AppArmor restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns=1, the default on Ubuntu 24.04 and GitHub's ubuntu-24.04 runners; `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0` lifts it)",
    );
  if (read("/proc/sys/kernel/unprivileged_userns_clone") === "0")
    found.push("kernel.unprivileged_userns_clone=0 forbids unprivileged user namespaces");
  if (read("/proc/sys/user/max_user_namespaces") === "0")
    found.push("user.max_user_namespaces=0 forbids user namespaces");
  return found;
}

type Programs = { setpriv: string; unshare: string };
/** One try at making a namespace: its exit status and what it printed on stderr. */
interface Attempt {
  status: number | null;
  stderr: string;
}
const KINDS = ["privileged", "user"] as const;

const fallback = (unavailable: string): Probe => ({
  mode: "process-tree",
  kind: null,
  programs: null,
  unavailable,
});

/** The programs a namespace needs, or the verdict when they are not there. */
function probePrograms(): Programs | Probe {
  if (process.platform !== "linux")
    return fallback(`PID namespaces exist only on Linux (this is ${process.platform})`);
  const setpriv = findProgram("setpriv", process.env.PATH);
  const unshare = findProgram("unshare", process.env.PATH);
  if (!setpriv || !unshare)
    return fallback("setpriv and unshare (util-linux) are not both on PATH; install util-linux");
  return { setpriv, unshare };
}

const probeArgs = (p: Programs, kind: NamespaceKind): string[] => [
  "--pdeathsig",
  "KILL",
  "--",
  p.unshare,
  ...unshareArgs(kind),
  "--",
  "true",
];

const attemptError = (kind: NamespaceKind, r: Attempt): string =>
  `${kind === "user" ? "unshare --user" : "unshare"}: ${r.stderr.trim().split("\n")[0] || `exit ${r.status}`}`;

function noNamespace(errors: string[]): Probe {
  const blockers = userNamespaceBlockers();
  return fallback(
    `no PID namespace could be made (${errors.join("; ")})${blockers.length > 0 ? `: ${blockers.join("; ")}` : ""}`,
  );
}

function probe(): Probe {
  const p = probePrograms();
  if ("mode" in p) return p;
  const errors: string[] = [];
  for (const kind of KINDS) {
    const r = spawnSync(p.setpriv, probeArgs(p, kind), {
      stdio: ["ignore", "ignore", "pipe"],
      encoding: "utf8",
      timeout: 10_000,
    });
    if (r.status === 0) return { mode: "pid-namespace", kind, programs: p, unavailable: null };
    errors.push(attemptError(kind, { status: r.status, stderr: r.stderr ?? "" }));
  }
  return noNamespace(errors);
}

/** probe() without blocking this process while the namespaces are tried. */
async function probeAsync(): Promise<Probe> {
  const p = probePrograms();
  if ("mode" in p) return p;
  const errors: string[] = [];
  for (const kind of KINDS) {
    const r = await new Promise<Attempt>((resolve) => {
      const child = spawn(p.setpriv, probeArgs(p, kind), {
        stdio: ["ignore", "ignore", "pipe"],
        timeout: 10_000,
      });
      let stderr = "";
      child.stderr?.on("data", (d: Buffer) => {
        stderr += d.toString("utf8");
      });
      child.on("error", (e) => resolve({ status: null, stderr: e.message }));
      child.on("close", (status) => resolve({ status, stderr }));
    });
    if (r.status === 0) return { mode: "pid-namespace", kind, programs: p, unavailable: null };
    errors.push(attemptError(kind, r));
  }
  return noNamespace(errors);
}

let probing: Promise<void> | undefined;

/**
 * Starts the probe of containment() in the background (the engine does at the start of a run, so that
 * its two process starts overlap the run's other start-up work rather than block it); resolves once
 * containment() will answer without starting a process. Never rejects: a bad setting is containment()'s
 * to report.
 */
export function probeContainment(): Promise<void> {
  if (probed !== undefined) return Promise.resolve();
  probing ??= (async () => {
    if (setting() === "process-tree") return;
    const found = await probeAsync();
    probed ??= found;
  })().catch(() => undefined);
  return probing;
}

function setting(): string {
  const s = process.env[CONTAINMENT_SETTING] || "auto";
  if (!["auto", "pid-namespace", "process-tree"].includes(s))
    throw new Error(`${CONTAINMENT_SETTING}='${s}' must be auto, pid-namespace or process-tree`);
  return s;
}

/** The mechanism in force for this engine process; throws on a bad or unmet AGENT_FLOW_CONTAINMENT. */
export function containment(): Containment {
  const s = setting();
  if (s === "process-tree") return "process-tree";
  probed ??= probe();
  if (s === "pid-namespace" && probed.mode !== "pid-namespace")
    throw new Error(
      `${CONTAINMENT_SETTING}=pid-namespace, but ${probed.unavailable}; unset it to fall back to process-tree`,
    );
  return probed.mode;
}

/**
 * One line on the containment in force, for the run's log and `agent-flow doctor`. `warn` is set when
 * auto fell back to the weaker process-tree mode: that is worth a warning, a chosen mode is not.
 */
export function describeContainment(): { text: string; warn: boolean } {
  let mode: Containment;
  try {
    mode = containment();
  } catch (err) {
    return { text: (err as Error).message, warn: true };
  }
  if (mode === "pid-namespace")
    return {
      text:
        probed?.kind === "user"
          ? "containment: pid-namespace inside a user namespace (the engine has no CAP_SYS_ADMIN); agents keep this uid, cannot see or signal the engine, and setuid programs such as sudo do not elevate"
          : "containment: pid-namespace; agents cannot see or signal the engine",
      warn: false,
    };
  const chosen = setting() === "process-tree";
  return {
    text: `containment: process-tree${chosen ? ` (${CONTAINMENT_SETTING}=process-tree)` : `, because ${probed?.unavailable}`}: a process that double-forks and clears its environment within one 200 ms walk of /proc can outlive its step, and agents can see and signal the engine`,
    warn: !chosen,
  };
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
  if (!probed?.programs || !probed.kind) throw new Error("containment() must report pid-namespace first");
  const { setpriv, unshare } = probed.programs;
  return [
    setpriv,
    "--pdeathsig",
    "KILL",
    "--",
    unshare,
    ...unshareArgs(probed.kind),
    "--",
    "/bin/sh",
    "-c",
    `"$@"${redirect}; exit $?`,
    "sh",
    ...command,
  ];
}

/**
 * argv of the namespace's first process as a shell that reads its commands from stdin (process-spare.ts
 * starts it before it knows the command); null unless containment() reported pid-namespace.
 */
export function namespacedShell(): string[] | null {
  if (!probed?.programs || !probed.kind || probed.mode !== "pid-namespace") return null;
  const { setpriv, unshare } = probed.programs;
  return [setpriv, "--pdeathsig", "KILL", "--", unshare, ...unshareArgs(probed.kind), "--", "/bin/sh", "-s"];
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
