import { mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { NAME_RE } from "../flow/schema.js";
import type { RunStatus } from "../run/status.js";
import { triggerDir } from "../run/store.js";

/** The guide's trigger file: `.triggers/runs/<RUN_ID>/<name>`, holding the run id. */
export async function writeTriggerFile(root: string, runId: string, name: string): Promise<string> {
  const dir = triggerDir(root, runId);
  await mkdir(dir, { recursive: true });
  const file = join(dir, name);
  await writeFile(file, `${runId}\n`);
  return file;
}

/**
 * Trigger files someone dropped by hand (`agent-flow trigger`, or the guide's `echo > .triggers/...`)
 * that the run has not acted on yet. The engine records each with source `manual` when it acts on it,
 * which marks it consumed.
 */
export async function takeManualTriggers(root: string, status: RunStatus): Promise<string[]> {
  const dir = triggerDir(root, status.run_id);
  const names = await readdir(dir).catch(() => [] as string[]);
  const pending: string[] = [];
  for (const name of names.filter((n) => NAME_RE.test(n)).sort()) {
    const written = (await stat(join(dir, name))).mtimeMs;
    // A file newer than every record of its name was dropped after the engine last acted on it.
    const seen = status.triggers.some((t) => t.name === name && Date.parse(t.at) >= Math.floor(written));
    if (!seen) pending.push(name);
  }
  return pending;
}
