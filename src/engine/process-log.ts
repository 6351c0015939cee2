/**
 * What the process runner writes to an attempt's log besides the output: header lines, the one-line
 * footer saying how the process ended, and the line splitting of output for live views.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { StringDecoder } from "node:string_decoder";

const MAX_LINE_CHARS = 64 * 1024;

export interface ProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  cancelled: boolean;
  durationMs: number;
  pid: number | undefined;
  /** Set when the child could not be started, e.g. "command not found: foo". */
  error?: string;
  /** The timeout that applied (absent when there was none); used by describeResult. */
  timeoutMs?: number;
}

export function spawnErrorMessage(err: NodeJS.ErrnoException, program: string): string {
  switch (err.code) {
    case "ENOENT":
      return `command not found: ${program}`;
    case "EACCES":
      return `permission denied: ${program}`;
    default:
      return `${err.code ?? "error"}: ${err.message}`;
  }
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** One line for logs and status files: "exited with code 3", "timed out after 2.0s and was killed", ... */
export function describeResult(r: ProcessResult): string {
  if (r.error !== undefined) return `could not start: ${r.error}`;
  if (r.cancelled) return "cancelled";
  if (r.timedOut) return `timed out after ${formatSeconds(r.timeoutMs ?? r.durationMs)} and was killed`;
  if (r.signal) return `killed by ${r.signal}`;
  if (r.exitCode !== null) return `exited with code ${r.exitCode}`;
  return "ended without exit code or signal";
}

/** Append one line to a log file (creating its directory), e.g. the caller's attempt header. */
export function appendLogLine(logFile: string, line: string): void {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.appendFileSync(logFile, line.endsWith("\n") ? line : `${line}\n`);
}

function lastByteIsNewline(file: string): boolean {
  let fd: number | undefined;
  try {
    const size = fs.statSync(file).size;
    if (size === 0) return true;
    fd = fs.openSync(file, "r");
    const buf = Buffer.alloc(1);
    fs.readSync(fd, buf, 0, 1, size - 1);
    return buf[0] === 0x0a;
  } catch {
    return true;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export function writeFooter(logFile: string, fd: number | undefined, result: ProcessResult): void {
  const footer = `==> ${new Date().toISOString()} ${describeResult(result)}\n`;
  try {
    const text = lastByteIsNewline(logFile) ? footer : `\n${footer}`;
    if (fd !== undefined) fs.writeSync(fd, text);
    else appendLogLine(logFile, text);
  } catch {
    // a log that cannot be written must not turn a finished run into a crash
  }
}

/** Splits a byte stream into lines for onLine, tolerating UTF-8 sequences cut across chunks. */
export class LineSplitter {
  private readonly decoder = new StringDecoder("utf8");
  private buffer = "";

  constructor(private readonly emit: (line: string) => void) {}

  push(chunk: Buffer): void {
    this.buffer += this.decoder.write(chunk);
    let nl = this.buffer.indexOf("\n");
    while (nl !== -1) {
      this.emitLine(this.buffer.slice(0, nl));
      this.buffer = this.buffer.slice(nl + 1);
      nl = this.buffer.indexOf("\n");
    }
    while (this.buffer.length > MAX_LINE_CHARS) {
      this.emitLine(this.buffer.slice(0, MAX_LINE_CHARS));
      this.buffer = this.buffer.slice(MAX_LINE_CHARS);
    }
  }

  end(): void {
    this.buffer += this.decoder.end();
    if (this.buffer.length > 0) this.emitLine(this.buffer);
    this.buffer = "";
  }

  private emitLine(line: string): void {
    try {
      this.emit(line.endsWith("\r") ? line.slice(0, -1) : line);
    } catch {
      // a broken live view must not break the run
    }
  }
}

export function openLog(logFile: string): number | string {
  try {
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    return fs.openSync(logFile, "a");
  } catch (e) {
    return `cannot open log file ${logFile}: ${(e as Error).message}`;
  }
}
