import { beginLatest, type LatestSwitch } from "../run/latest.js";
import { workAhead } from "../run/latest-ahead.js";
import type { RunStatus } from "../run/status.js";
import {
  appendLogTextSync,
  logLines,
  statusFile,
  statusText,
  writeFileAtomic,
  writeStatus,
} from "../run/store.js";
import { describeEvent } from "./events.js";
import type { MachineEvent, Outcome } from "./machine.js";
import type { EngineEvent, Reporter } from "./reporter.js";
import { writeTriggerFile } from "./triggers.js";

const now = (): string => new Date().toISOString();
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** A write of the run's status or log failed: the run stops before anything else starts. */
export class RunViewUnwritable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RunViewUnwritable";
  }
}

/**
 * Events whose write waits for the next event, settled() or HELD_MS, whichever comes first: a step's end
 * and the next step's start then share one write (each is a synced file) instead of two lying, one
 * after the other, between the step's end and the next agent's start. Nothing starts before
 * settled(), which writes them at once. An agent's end is written at once: a failed write must be seen
 * before its step's result is saved.
 */
const HELD = new Set<EngineEvent["type"]>(["step-finished"]);
const HELD_MS = 25;

/** An event waiting for the next write: its pipeline.log lines are made when it happens. */
interface Entry {
  event: EngineEvent;
  log: string;
}

/**
 * The run's view as the local engine keeps it: pipeline_status.json, pipeline.log and the reporter,
 * written in order. A write that fails does not throw: it is remembered (`writeFailure`) and ends the
 * run with the path and the OS error, so nothing is left `running`.
 *
 * Events that arrive while a write is under way share the next one: a parallel group of 16 agents
 * reports 16 starts at once, and 16 status files written (and synced) one after the other held the
 * last agent back by as many disk round trips.
 *
 * Two writes are under way at most, and the second's file is synced beside the first's (an agent's
 * end and the next step's start were two disk round trips in a row between two agents): each write
 * takes its copy of the status when it starts, so a later one holds everything an earlier one does,
 * and it replaces the status file only once the earlier one is done (writeFileAtomic's renameAfter).
 * The file on disk so never goes back to an older view, and a write is done only once every earlier
 * one is: settled() still sees every failure before the next agent starts.
 */
export class RunRecorder {
  /** The last write started or queued: done once it, and so every earlier one, is. */
  private writing: Promise<void> = Promise.resolve();
  /** The write before `writing`: the next write starts once it is done (two under way at most). */
  private before: Promise<void> = Promise.resolve();
  /** The queued write that will carry `entries`, while it has not started. */
  private queued: Promise<void> | null = null;
  private entries: Entry[] = [];
  /** The first write of the status or the log that failed. */
  writeFailure: string | null = null;
  /** A queued write held for the next event (see HELD): starts it. */
  private held: { start: () => void; timer: NodeJS.Timeout } | null = null;

  constructor(
    private readonly root: string,
    private readonly status: RunStatus,
    private readonly reporter: Reporter,
    /** How long a HELD event waits at most for the next one (tests set it). */
    private readonly holdMs = HELD_MS,
  ) {}

  /**
   * Persists the view, appends to pipeline.log and tells the reporter, in order; resolves once a write
   * made after this call is done. Never rejects.
   */
  changed(event: EngineEvent): Promise<void> {
    let log = "";
    try {
      const line = describeEvent(event, this.status);
      if (line) log = logLines(line.scope, line.text);
    } catch (err) {
      this.writeFailure ??= `cannot describe a change of run ${this.status.run_id}: ${message(err)}`;
    }
    this.entries.push({ event, log });
    if (!HELD.has(event.type)) this.release();
    if (this.queued) return this.queued;
    const earlier = this.writing;
    let start: Promise<unknown> = this.before;
    if (HELD.has(event.type)) {
      let open: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      this.held = { start: open, timer: setTimeout(() => this.release(), this.holdMs) };
      start = Promise.all([start, gate]);
    }
    const next = start.then(() => this.flush(earlier));
    this.queued = next;
    this.before = earlier;
    this.writing = next;
    return next;
  }

  /** Starts a held write (see HELD). */
  private release(): void {
    const h = this.held;
    if (!h) return;
    this.held = null;
    clearTimeout(h.timer);
    h.start();
  }

  /**
   * Resolves once every write started or queued so far is done; throws RunViewUnwritable once a write
   * failed (the run then ends failed, as it does when the failure is seen between two steps).
   */
  async settled(): Promise<void> {
    this.release();
    await this.writing;
    if (this.writeFailure) throw new RunViewUnwritable(this.writeFailure);
  }

  /** Writes the queued entries; `earlier`: the write before, which must replace the file first. */
  private async flush(earlier: Promise<void>): Promise<void> {
    this.queued = null;
    const batch = this.entries.splice(0);
    const s = this.status;
    try {
      // The lines appended, and the status taken, now (synchronous calls: no trip through the thread
      // pool, see writeFileAtomic()): what changes from here on goes in a later write.
      const text = batch.map((e) => e.log).join("");
      if (text) appendLogTextSync(this.root, s.run_id, text);
      await writeFileAtomic(statusFile(this.root, s.run_id), statusText(s), earlier);
    } catch (err) {
      this.writeFailure ??= `cannot write the run's status or log (${statusFile(this.root, s.run_id)}): ${message(err)}`;
    }
    // What the run's end would wait for, done meanwhile: a step's files on disk (latest-ahead.ts).
    if (batch.some((e) => e.event.type === "step-finished")) workAhead(this.root, s.run_id);
    // Done (and heard of) only after every earlier write, even when this one failed first.
    await earlier;
    for (const e of batch) {
      try {
        this.reporter.update(e.event, s);
      } catch {
        // A reporter (e.g. a closed terminal) must not stop the run.
      }
    }
  }

  /** The state machine's events: warnings, and triggers (with their files; stamps go to `stamps`). */
  async machineEvents(events: MachineEvent[], stamps: Record<string, string>): Promise<void> {
    for (const e of events) {
      if (e.type === "warning") await this.changed({ type: "message", level: "warning", text: e.text });
      else {
        this.status.triggers.push({
          name: e.name,
          source: e.source,
          at: now(),
          count: e.count,
          target: e.target,
        });
        if (e.source !== "manual") {
          const stamp = await writeTriggerFile(this.root, this.status.run_id, e.name).catch(() => null);
          if (stamp) stamps[e.name] = stamp;
        }
        await this.changed({ type: "trigger", name: e.name, target: e.target, count: e.count });
      }
    }
  }

  /** Records how the run ended; a succeeded run becomes `latest` (a failure to switch it is a warning). */
  async finish(outcome: Outcome): Promise<void> {
    const s = this.status;
    const ok = outcome.state === "succeeded";
    s.state = ok ? "succeeded" : outcome.state === "cancelled" ? "cancelled" : "failed";
    s.error = ok ? null : (outcome.reason ?? (s.state === "cancelled" ? "cancelled by the user" : "failed"));
    s.resumable = !ok && outcome.retryable;
    s.finished_at = now();
    s.engine = null;
    const written = this.changed({ type: "run-finished" });
    // latest's snapshot is made while that write is on its way to disk (its files but the status and the
    // log, taken once it is done); after a turn of the event loop's queue, so that the write starts first.
    let begun: LatestSwitch | Error | null = null;
    if (ok && !this.writeFailure) {
      await Promise.resolve();
      try {
        begun = beginLatest(this.root, s.run_id);
      } catch (err) {
        begun = err instanceof Error ? err : new Error(String(err));
      }
    }
    await written;
    if (this.writeFailure) {
      if (begun !== null && !(begun instanceof Error)) begun.abandon();
      // Whatever is in memory is flushed once more; the run ends failed with the path and the error.
      s.state = "failed";
      s.error = this.writeFailure;
      await writeStatus(this.root, s).catch(() => undefined);
    } else if (ok) {
      let tidy: Promise<void> = Promise.resolve();
      const made = begun;
      const switching =
        made instanceof Error
          ? Promise.reject(made)
          : Promise.resolve().then(() => (made ?? beginLatest(this.root, s.run_id)).finish());
      const moved = await switching.then(
        (swapped) => {
          tidy = swapped.tidy;
          return "docs/status/latest now points to this run";
        },
        (err: unknown) => `docs/status/latest was not switched to this run: ${message(err)}`,
      );
      // The previous snapshot goes while the line is written.
      if (moved.includes("not switched"))
        await this.changed({ type: "message", level: "warning", text: moved });
      else {
        try {
          appendLogTextSync(this.root, s.run_id, logLines("run", moved));
        } catch {
          // The run's outcome is written: a lost line of the log does not change it.
        }
      }
      await tidy;
    }
  }
}
