import { mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { NAME_RE } from "../flow/schema.js";
import { triggerDir } from "../run/store.js";

/** What tells one write of a trigger file from another: inode, modification time and size. */
async function stampOf(file: string): Promise<string | null> {
  const st = await stat(file).catch(() => null);
  return st?.isFile() ? `${st.ino}:${st.mtimeMs}:${st.size}` : null;
}

/** The guide's trigger file: `.triggers/runs/<RUN_ID>/<name>`, holding the run id. Returns its stamp. */
export async function writeTriggerFile(root: string, runId: string, name: string): Promise<string | null> {
  const dir = triggerDir(root, runId);
  await mkdir(dir, { recursive: true });
  const file = join(dir, name);
  await writeFile(file, `${runId}\n`);
  return stampOf(file);
}

/**
 * Trigger files someone dropped by hand (`agent-flow trigger`, or the guide's `echo > .triggers/...`)
 * since the engine last wrote or took each: a file whose stamp differs from the one in `stamps`. Their
 * new stamps are recorded in `stamps`, which the engine saves with the run's state.
 */
export async function takeManualTriggers(
  root: string,
  runId: string,
  stamps: Record<string, string>,
): Promise<string[]> {
  const dir = triggerDir(root, runId);
  const names = await readdir(dir).catch(() => [] as string[]);
  const taken: string[] = [];
  for (const name of names.filter((n) => NAME_RE.test(n)).sort()) {
    const stamp = await stampOf(join(dir, name));
    if (!stamp || stamps[name] === stamp) continue;
    stamps[name] = stamp;
    taken.push(name);
  }
  return taken;
}
