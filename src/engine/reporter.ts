import type { RunStatus } from "../run/status.js";

/**
 * How the engine tells the world what happens. The CLI implements it with a live view, plain lines or
 * JSON lines; the GitHub action with log groups and annotations. The engine never prints by itself.
 */
export interface Reporter {
  /** A state change: `status` is the whole, current run status (read-only for the reporter). */
  update(event: EngineEvent, status: RunStatus): void;
}

export type EngineEvent =
  | { type: "run-started"; resumed: boolean }
  | { type: "run-finished" }
  | { type: "step-started"; key: string }
  | { type: "step-finished"; key: string }
  | { type: "step-replayed"; key: string }
  | { type: "agent-started"; key: string; agent: string; attempt: number }
  | { type: "agent-finished"; key: string; agent: string }
  | { type: "agent-retry"; key: string; agent: string; attempt: number; delayMs: number; reason: string }
  | { type: "trigger"; name: string; target: string; count: number }
  | { type: "message"; level: "info" | "warning" | "error"; text: string };
