import { describeEvent } from "../engine/events.js";
import type { EngineEvent, Reporter } from "../engine/reporter.js";
import { quoteName, safeText } from "../run/quote.js";
import type { RunStatus, StepState } from "../run/status.js";
import { humanAge } from "./age.js";
import type { CliIO } from "./output.js";

const ICON: Record<StepState, string> = {
  pending: "·",
  running: "▶",
  succeeded: "✔",
  failed: "✖",
  cancelled: "■",
};

export function elapsed(from: string | null, to: string | null, nowMs = Date.now()): string {
  if (!from) return "";
  const ms = (to ? Date.parse(to) : nowMs) - Date.parse(from);
  const s = Math.max(0, Math.round(ms / 100) / 10);
  return s < 60 ? `${s.toFixed(1)}s` : humanAge(ms);
}

/**
 * The run as lines: one per step execution and one per agent, with state and elapsed time, then the
 * main workflow's steps still to come (`upcoming`: its step ids in order), so a long run shows how far
 * along it is.
 */
export function renderRun(s: RunStatus, nowMs = Date.now(), upcoming: readonly string[] = []): string[] {
  // State and time first: on a narrow terminal the header is cut from the right.
  const lines = [
    `run ${s.run_id}  ${s.state}  ${elapsed(s.started_at, s.finished_at, nowMs)}  feature ${quoteName(s.feature)}  workflow ${quoteName(s.workflow)}`,
  ];
  const width = Math.max(24, ...s.steps.map((x) => x.key.length + 1));
  for (const step of s.steps) {
    const only = step.kind === "agent" ? step.agents[0] : undefined;
    const tries = only && only.attempts > 1 ? ` (attempt ${only.attempts})` : "";
    lines.push(
      `  ${ICON[step.state]} ${quoteName(step.key).padEnd(width)} ${step.state.padEnd(9)} ${elapsed(step.started_at, step.finished_at, nowMs)}${tries}`,
    );
    if (step.kind === "parallel") {
      for (const a of step.agents) {
        const tries = a.attempts > 1 ? ` (attempt ${a.attempts})` : "";
        lines.push(
          `      ${ICON[a.state]} ${quoteName(a.agent).padEnd(width - 4)} ${a.state.padEnd(9)} ${elapsed(a.started_at, a.finished_at, nowMs)}${tries}`,
        );
      }
    }
  }
  const started = s.steps.filter((x) => x.workflow === s.workflow).map((x) => x.id);
  const last = started.length > 0 ? upcoming.lastIndexOf(started[started.length - 1] as string) : -1;
  if (s.state === "running" || s.state === "pending") {
    for (const id of upcoming.slice(last + 1))
      lines.push(`  ${ICON.pending} ${`${s.workflow}/${id}`.padEnd(width)} pending`);
  }
  return lines;
}

export type ViewMode = "live" | "plain" | "json" | "quiet";

/**
 * The CLI's reporter: a redrawn live view on a terminal, timestamped lines otherwise. The live view's
 * code (string-width, for the terminal's columns) is loaded only on a terminal.
 */
export async function cliReporter(
  io: CliIO,
  mode: ViewMode,
  upcoming: readonly string[] = [],
): Promise<Reporter & { stop(): void }> {
  const renderLive = mode === "live" ? (await import("./live-view.js")).renderLive : undefined;
  let last: RunStatus | undefined;
  let drawn = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let resized = false;
  const draw = (): void => {
    if (!last || !renderLive) return;
    const lines = renderLive(last, io.columns?.() ?? 80, Date.now(), upcoming);
    // After a resize the terminal may have re-wrapped what was drawn, so the rows to go back over are
    // unknown: start from a cleared screen instead.
    const clear = resized ? "\x1b[H\x1b[2J" : drawn > 0 ? `\x1b[${drawn}F\x1b[J` : "";
    resized = false;
    io.out(`${clear}${lines.join("\n")}\n`);
    drawn = lines.length;
  };
  const onResize = (): void => {
    resized = true;
    draw();
  };
  let unsubscribe: (() => void) | undefined;
  if (mode === "live") {
    timer = setInterval(draw, 500);
    timer.unref();
    unsubscribe = io.onResize?.(onResize);
  }
  return {
    update(event: EngineEvent, status: RunStatus) {
      last = status;
      if (mode === "live") {
        if (event.type === "message") {
          drawn = 0;
          io.out(`${event.level}: ${safeText(event.text)}\n`);
        }
        draw();
      } else if (mode === "plain") {
        const line = describeEvent(event, status);
        // The summary the run command prints next says the same as the run-finished line: print it once.
        if (line && event.type !== "run-finished")
          io.out(`${new Date().toISOString()} [${line.scope}] ${line.text}\n`);
      } else if (mode === "json") {
        const step = "key" in event ? status.steps.find((s) => s.key === event.key) : undefined;
        io.out(
          `${JSON.stringify({ at: new Date().toISOString(), run_id: status.run_id, state: status.state, ...event, step })}\n`,
        );
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      unsubscribe?.();
      if (mode === "live") draw();
    },
  };
}
