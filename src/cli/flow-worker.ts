import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { Flow } from "../flow/schema.js";

// A run's flow file is read and checked on a worker thread while the main thread loads the run's code
// (issue 12: run start). The main thread is what a run waits for at its start, and the `yaml` and zod
// code a flow's first reading meets costs it tens of ms; the machine's other core is idle meanwhile.
// The worker answers with the text it read and, when the flow is valid, its shaped flow (plain data,
// copied by structured clone); the run pins that text, exactly as if it had read it itself. Anything
// else (no worker, another file, a problem to report, a worker that failed) and the main thread reads
// the file as before: messages for a bad flow come from there, unchanged.

const ROLE = "agent-flow:flow-file";

/** A valid flow the worker read from `file`. */
interface Answer {
  file: string;
  flow?: Flow;
  text?: string;
}

let worker: Worker | undefined;
let asked: { file: string; env: NodeJS.ProcessEnv; answer: Promise<Answer | undefined> } | undefined;

/** Whether this thread is the flow worker (the CLI's entry then serves it instead of running a command). */
export function isFlowWorker(): boolean {
  return !isMainThread && (workerData as { role?: string } | null)?.role === ROLE;
}

/** Starts the worker from `entry` (the CLI's own entry module, a URL); it loads the flow code and waits. */
export function startFlowWorker(entry: string): void {
  if (worker !== undefined) return;
  try {
    worker = new Worker(new URL(entry), { workerData: { role: ROLE }, stdout: true, stderr: true });
  } catch {
    return;
  }
  worker.on("error", () => undefined);
  // never what keeps this process alive
  worker.unref();
}

/** Gives the worker the flow file a run reads (absolute) and the environment its defaults take. */
export function askFlowWorker(file: string, env: NodeJS.ProcessEnv): void {
  const w = worker;
  if (w === undefined || asked !== undefined) return;
  const answer = new Promise<Answer | undefined>((resolve) => {
    w.once("message", (m: Answer) => resolve(m));
    w.once("error", () => resolve(undefined));
    w.once("exit", () => resolve(undefined));
  });
  asked = { file, env, answer };
  w.postMessage({ file, env });
}

/**
 * The worker's valid flow and the text it read, when it was asked for exactly `file` with `env`;
 * undefined otherwise (the caller reads the file itself). Ends the worker.
 */
export async function flowFromWorker(
  file: string,
  env: NodeJS.ProcessEnv,
): Promise<{ flow: Flow; text: string } | undefined> {
  const job = asked;
  const w = worker;
  worker = undefined;
  asked = undefined;
  if (w === undefined) return undefined;
  if (job === undefined || job.file !== file || job.env !== env) {
    void w.terminate();
    return undefined;
  }
  const a = await job.answer;
  void w.terminate();
  return a?.file === file && a.flow !== undefined && a.text !== undefined
    ? { flow: a.flow, text: a.text }
    : undefined;
}

/** The worker's side: loads the flow code at once, then reads and checks the one file it is sent. */
export async function serveFlowWorker(): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  const job = new Promise<{ file: string; env: NodeJS.ProcessEnv }>((resolve) =>
    port.once("message", resolve),
  );
  const { loadFlowFile } = await import("../flow/load.js");
  const { file, env } = await job;
  const r = await loadFlowFile(file, env);
  const valid = r.flow !== undefined && r.text !== undefined && r.diagnostics.length === 0;
  port.postMessage(valid ? { file, flow: r.flow, text: r.text } : { file });
  port.close();
}
