import { type Diagnostic, formatDiagnostic } from "../flow/diagnostics.js";
import { AgentFlowError } from "../lib/errors.js";

/** Where a command writes; the entry passes process streams, tests may pass buffers. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  isTTY: boolean;
  /** The terminal's width, when output is a terminal. */
  columns?: () => number | undefined;
  /** Calls `f` when the terminal is resized; returns the unsubscribe. */
  onResize?: (f: () => void) => () => void;
}

/**
 * A writer to a process stream that survives the reader going away (`agent-flow run | head -1`): a write
 * error (EPIPE) closes that stream for good instead of crashing the process, so a run goes on to its end.
 */
function guarded(stream: NodeJS.WriteStream): (text: string) => void {
  let open = true;
  stream.on("error", () => {
    open = false;
  });
  return (text) => {
    if (open && !stream.destroyed) stream.write(text);
  };
}

export const processIO = (): CliIO => ({
  out: guarded(process.stdout),
  err: guarded(process.stderr),
  env: process.env,
  cwd: process.cwd(),
  isTTY: Boolean(process.stdout.isTTY),
  columns: () => process.stdout.columns,
  onResize: (f) => {
    process.stdout.on("resize", f);
    return () => process.stdout.off("resize", f);
  },
});

/** Exit codes every command shares. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Raised by a command for a bad argument value: printed as `error: ...` and exits 2. */
export class UsageError extends AgentFlowError {
  constructor(message: string, hint?: string) {
    super(message, 2, hint);
  }
}

// Workflow commands need %, CR and LF escaped in the message, and also ':' and ',' in properties:
// https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts
const escapeData = (s: string): string => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

export function githubAnnotation(d: Diagnostic, level: "error" | "warning" = "error"): string {
  const props = [`file=${escapeProperty(d.file)}`];
  if (d.line > 0) props.push(`line=${d.line}`, `col=${d.col}`);
  props.push(`title=${escapeProperty(d.path ? `agent-flow: ${d.path}` : "agent-flow")}`);
  return `::${level} ${props.join(",")}::${escapeData(d.message)}`;
}

export function formatDiagnostics(list: Diagnostic[], format: "text" | "json" | "github"): string {
  if (format === "json") return `${JSON.stringify(list, null, 2)}\n`;
  if (format === "github") return list.map((d) => `${githubAnnotation(d)}\n`).join("");
  return list.map((d) => `${formatDiagnostic(d)}\n`).join("");
}
