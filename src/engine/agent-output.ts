import { copyFileSync, lstatSync, mkdirSync, readdirSync, renameSync } from "node:fs";
import { join, relative } from "node:path";

/** The engine's own log of an agent, kept in the agent's output folder. */
export const AGENT_LOG = "agent.log";
/** An output folder larger than this is refused rather than copied into the run folder. */
const MAX_OUTPUT_FILES = 10_000;

/**
 * What is wrong with an agent's output folder, or null when it holds only folders and regular files.
 * Links could point anywhere (the copy in the run folder and in `latest` would follow them) and special
 * files (FIFOs, sockets, devices) could hang or mislead whoever reads the outputs, so both are refused.
 * Read with synchronous calls, as is the copy below: a few entries, on the step's critical path, where a
 * trip through libuv's thread pool waits behind the fingerprint's reads (at most MAX_OUTPUT_FILES
 * entries are looked at).
 */
export async function outputProblem(dir: string): Promise<string | null> {
  let count = 0;
  const walk = (d: string): string | null => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const rel = JSON.stringify(relative(dir, p));
      if (d === dir && e.name === AGENT_LOG)
        return `its output folder holds ${rel}, the engine's own log of the agent; write it under another name`;
      if (e.isSymbolicLink())
        return `its output folder holds a symbolic link, ${rel}; outputs must be regular files`;
      if (e.isDirectory()) {
        const inner = walk(p);
        if (inner) return inner;
      } else if (!e.isFile()) return `its output folder holds ${rel}, which is not a regular file`;
      if (++count > MAX_OUTPUT_FILES)
        return `its output folder holds more than ${MAX_OUTPUT_FILES} entries; keep outputs small`;
    }
    return null;
  };
  return walk(dir);
}

/**
 * Copies a checked output folder (see outputProblem) into the run folder, file by file: only folders
 * and regular files are made, and a file or link already at a destination path is replaced, never
 * followed. The staging folder is removed afterwards, so a file is moved rather than copied (one call
 * instead of several) unless it has other names, which the run folder must not share.
 */
export async function copyOutput(from: string, to: string): Promise<void> {
  copyTree(from, to);
}

function copyTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const e of readdirSync(from, { withFileTypes: true })) {
    const src = join(from, e.name);
    const dest = join(to, e.name);
    const there = lstatSync(dest, { throwIfNoEntry: false });
    if (e.isDirectory()) {
      if (there && !there.isDirectory())
        throw new Error(
          `cannot copy the output folder ${JSON.stringify(src)}: ${JSON.stringify(dest)} exists and is not a folder`,
        );
      copyTree(src, dest);
    } else if (e.isFile()) {
      if (there && !there.isFile())
        throw new Error(
          `cannot copy the output file ${JSON.stringify(src)}: ${JSON.stringify(dest)} exists and is not a regular file`,
        );
      // A rename replaces what is at `dest` without writing into it; a hard link (other names) or
      // another file system is copied instead (copyFile writes through a symlink at the destination;
      // the check above refuses one).
      const st = lstatSync(src);
      if (!st.isFile() || st.nlink !== 1 || !moved(src, dest)) copyFileSync(src, dest);
    }
  }
}

/** Renames `src` to `dest`; false when they are on different file systems. */
function moved(src: string, dest: string): boolean {
  try {
    renameSync(src, dest);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EXDEV") return false;
    throw e;
  }
}
