/**
 * Process groups: every child the runner starts leads its own group, so a timeout or a cancel ends the
 * whole group (SIGTERM, then SIGKILL after a grace period).
 */
import * as fs from "node:fs";

const POLL_MS = 25;
const SIGKILL_SETTLE_MS = 1000;

/** Send a signal to a whole process group; false when the group no longer exists. */
export function signalGroup(pgid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, sig);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ESRCH") return false;
    return code === "EPERM"; // members exist but are not ours to signal: treat as alive
  }
}

/**
 * Whether the group still has a process that is not a zombie. Zombies count as members for kill(2) until
 * their parent (init, for orphans) reaps them, which some inits do only every few seconds; they are dead,
 * so on Linux they are looked up in /proc and ignored.
 */
export function groupAlive(pgid: number): boolean {
  if (!signalGroup(pgid, 0)) return false;
  if (process.platform !== "linux") return true;
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc");
  } catch {
    return true;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue;
    }
    // "pid (comm) state ppid pgrp ...": comm may contain spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) === pgid && fields[0] !== "Z" && fields[0] !== "X") return true;
  }
  return false;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** SIGTERM the group, wait up to graceMs for it to empty, then SIGKILL whatever is left. */
export async function terminateGroup(pgid: number, graceMs: number): Promise<void> {
  if (!signalGroup(pgid, "SIGTERM")) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await sleep(Math.min(POLL_MS, Math.max(1, deadline - Date.now())));
    if (!groupAlive(pgid)) return;
  }
  if (!signalGroup(pgid, "SIGKILL")) return;
  // SIGKILL is delivered asynchronously: give the kernel a moment so callers see the group gone.
  const killDeadline = Date.now() + SIGKILL_SETTLE_MS;
  while (groupAlive(pgid) && Date.now() < killDeadline) await sleep(5);
}
