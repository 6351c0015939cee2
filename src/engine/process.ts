/**
 * The process runner the local engine uses for agents and `check` commands.
 *
 * Every child leads its own process group (`detached: true`); a timeout, a cancellation, or the leader
 * exiting with helpers still running ends the WHOLE group: SIGTERM, then SIGKILL after a grace period.
 * Processes that left the group (setsid, double fork) are ended with it (containment.ts). Output goes
 * through the engine to an append-only log file, capped (log-cap.ts), followed by a one-line footer.
 * Nothing here throws for a child that fails to start: the result carries `error` instead.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import {
  AttemptTracker,
  type Containment,
  containedCommand,
  containment,
  PROCESS_MARK,
  startProblem,
} from "./containment.js";
import { CappedLog, DEFAULT_MAX_LOG_BYTES } from "./log-cap.js";
import { drainPipes, endLeftBehind, namespaceExit } from "./process-exit.js";
import { groupAlive, terminateGroup } from "./process-group.js";
import { markEnded, markStarted } from "./process-live.js";
import { LineSplitter, openLog, type ProcessResult, spawnErrorMessage, writeFooter } from "./process-log.js";
import { disposeSpare, keepSpareReady, launchSpare, type Spare } from "./process-spare.js";

export { commandActivity, killAllChildrenSync } from "./process-live.js";
export { appendLogLine, describeResult, type ProcessResult } from "./process-log.js";
export { backoffDelay, type RetryPolicy, runWithRetries } from "./retry.js";

export interface RunProcessOptions {
  /** argv; command[0] is resolved via the PATH of `env`. */
  command: string[];
  cwd: string;
  /** The full environment of the child (the caller merges process.env if it wants it). */
  env: NodeJS.ProcessEnv;
  /** stdout and stderr are appended here (directories are created), then a one-line footer. */
  logFile: string;
  /** 0 = no timeout. */
  timeoutMs: number;
  /** After SIGTERM to the group, SIGKILL after this many ms (default 3000). */
  killGraceMs?: number;
  /** Cancel: the same kill sequence as a timeout; the result has cancelled = true. */
  signal?: AbortSignal;
  /**
   * Called for each complete line (and a last partial one), for live views. Called synchronously from
   * the read loop, so keep it cheap; exceptions are swallowed.
   */
  onLine?: (stream: "stdout" | "stderr", line: string) => void;
  /** Text written to the child's stdin, which is then closed. Without it stdin is /dev/null. */
  stdin?: string;
  /** What this run may add to the log file, earlier content counted (default DEFAULT_MAX_LOG_BYTES). */
  maxLogBytes?: number;
  /** Called once the command has started (not when it could not). */
  onSpawn?: () => void;
  /**
   * The attempt's contained process, started ahead (process-spare.ts): the command runs in it rather than
   * in a process spawned now. Disposed when it cannot take the command.
   */
  spare?: Spare | null;
}

const DEFAULT_KILL_GRACE_MS = 3000;

/**
 * Run one command to completion. Never rejects: start failures come back with `error` set and exitCode
 * null. Resolves only after the leader exited and its process group is gone (stragglers the leader
 * left behind are SIGTERMed, then SIGKILLed after the grace), and after the footer is in the log.
 */
export async function runProcess(opts: RunProcessOptions): Promise<ProcessResult> {
  const started = performance.now();
  const graceMs = opts.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const base: ProcessResult = {
    exitCode: null,
    signal: null,
    timedOut: false,
    cancelled: false,
    durationMs: 0,
    pid: undefined,
    ...(opts.timeoutMs > 0 ? { timeoutMs: opts.timeoutMs } : {}),
  };
  const finishEarly = (fields: Partial<ProcessResult>, fd?: number): ProcessResult => {
    disposeSpare(opts.spare);
    const result = { ...base, ...fields, durationMs: performance.now() - started };
    writeFooter(opts.logFile, fd, result);
    if (fd !== undefined) fs.closeSync(fd);
    return result;
  };

  const fd = openLog(opts.logFile);
  if (typeof fd === "string") return { ...base, error: fd };

  const program = opts.command[0];
  if (program === undefined || program === "") return finishEarly({ error: "empty command" }, fd);
  try {
    if (!fs.statSync(opts.cwd).isDirectory()) throw new Error("not a directory");
  } catch {
    return finishEarly({ error: `working directory does not exist: ${opts.cwd}` }, fd);
  }
  if (opts.signal?.aborted) return finishEarly({ cancelled: true }, fd);

  let mode: Containment;
  try {
    mode = containment();
  } catch (e) {
    return finishEarly({ error: (e as Error).message }, fd);
  }
  // Without a live view, stderr joins stdout so that the log keeps their order.
  const argv = containedCommand(mode, opts.command, opts.onLine === undefined);
  if (argv[0] !== program) {
    // A wrapper would find a missing program only once started; say it as spawn would.
    const problem = startProblem(program, opts.env.PATH, opts.cwd);
    if (problem) return finishEarly({ error: problem }, fd);
  }
  const mark = opts.env[PROCESS_MARK];

  // Output always passes through the engine, which caps what reaches the log (log-cap.ts).
  const used = (() => {
    try {
      return fs.fstatSync(fd).size;
    } catch {
      return 0;
    }
  })();
  const capped = new CappedLog(fd, used, opts.maxLogBytes ?? DEFAULT_MAX_LOG_BYTES);
  let child: ChildProcess;
  const spared =
    opts.spare && mode === "pid-namespace"
      ? launchSpare(opts.spare, {
          command: opts.command,
          cwd: opts.cwd,
          env: opts.env,
          mergeStderr: opts.onLine === undefined,
          ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}),
        })
      : null;
  try {
    child =
      spared ??
      spawn(argv[0] as string, argv.slice(1), {
        cwd: opts.cwd,
        env: opts.env,
        detached: true,
        stdio: [opts.stdin !== undefined ? "pipe" : "ignore", "pipe", "pipe"],
      });
  } catch (e) {
    return finishEarly({ error: spawnErrorMessage(e as NodeJS.ErrnoException, program) }, fd);
  }
  disposeSpare(opts.spare); // not taken (process-tree, or it could not take the command)

  return new Promise<ProcessResult>((resolve) => {
    const pid = child.pid;
    let settled = false;
    let exited = false;
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    let timedOut = false;
    let cancelled = false;
    let termination: Promise<void> | undefined;
    let timer: NodeJS.Timeout | undefined;
    let tracker: AttemptTracker | undefined;

    const terminate = (): void => {
      if (termination === undefined && pid !== undefined) termination = terminateGroup(pid, graceMs);
    };
    const onAbort = (): void => {
      if (exited || timedOut) return;
      cancelled = true;
      terminate();
    };
    const cleanup = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
    };

    // Output pipes: copy to the capped log, split into lines for onLine, and note when they close.
    const pipesClosed: Promise<void>[] = [];
    for (const name of ["stdout", "stderr"] as const) {
      const stream = child[name];
      if (stream === null) continue;
      const onLine = opts.onLine;
      const splitter = onLine ? new LineSplitter((line) => onLine(name, line)) : undefined;
      stream.on("data", (chunk: Buffer) => {
        try {
          capped.write(chunk);
        } catch {
          // keep draining the pipe even if the log is gone, or the child would block
        }
        splitter?.push(chunk);
      });
      pipesClosed.push(
        new Promise<void>((done) => {
          stream.once("close", () => {
            splitter?.end();
            done();
          });
        }),
      );
    }

    // A spare's stdin carried its script; the command's input went to its fd 3 (process-spare.ts).
    if (opts.stdin !== undefined && child.stdin && !spared) {
      child.stdin.on("error", () => {}); // EPIPE when the child does not read its input
      child.stdin.end(opts.stdin);
    }

    const settle = (fields: Partial<ProcessResult>): void => {
      if (settled) return;
      settled = true;
      cleanup();
      child.stdio[3]?.destroy(); // a spare's input socket
      tracker?.endAll();
      markEnded(pid, tracker);
      try {
        capped.flush();
      } catch {
        // as for every log write: never turn a finished run into a crash
      }
      const result: ProcessResult = {
        ...base,
        exitCode,
        signal: exitSignal,
        timedOut,
        cancelled,
        pid,
        ...fields,
        durationMs: performance.now() - started,
      };
      writeFooter(opts.logFile, fd, result);
      try {
        fs.closeSync(fd);
      } catch {
        // already closed
      }
      resolve(result);
    };

    child.on("error", (err: NodeJS.ErrnoException) => {
      // After a successful spawn, 'error' only reports failed kill()/stdin writes: the run goes on.
      if (pid === undefined) settle({ error: spawnErrorMessage(err, program), exitCode: null, signal: null });
    });

    if (pid === undefined) return; // spawn failed; 'error' follows
    tracker = new AttemptTracker(pid, mark, mode === "process-tree");
    markStarted(pid, tracker);
    // The next attempt's, made while this one runs (the engine has nothing else to do then).
    if (spared) setImmediate(keepSpareReady);
    try {
      opts.onSpawn?.();
    } catch {
      // a caller's bookkeeping must not stop the run
    }

    if (opts.timeoutMs > 0) {
      timer = setTimeout(() => {
        if (exited || cancelled) return;
        timedOut = true;
        terminate();
      }, opts.timeoutMs);
    }
    opts.signal?.addEventListener("abort", onAbort, { once: true });

    child.once("exit", (code, sig) => {
      exited = true;
      exitCode = code;
      exitSignal = sig;
      if (mode === "pid-namespace") [exitCode, exitSignal] = namespaceExit(code, sig);
      cleanup();
      void (async () => {
        // The leader is gone; anything it left in its group is ended too, then whatever left the group.
        if (termination === undefined && groupAlive(pid)) terminate();
        if (termination !== undefined) await termination;
        if (tracker)
          await endLeftBehind(tracker, mode, {
            signalled: sig !== null,
            terminated: termination !== undefined,
          });
        await drainPipes(child, pipesClosed);
        settle({});
      })();
    });
  });
}
