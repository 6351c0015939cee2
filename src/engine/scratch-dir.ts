import { createHash, randomBytes } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, readdirSync, realpathSync, rmSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { pidRunning } from "../lib/liveness.js";
import { assertRealDir, assertRealDirSync } from "./agent-dir.js";
import { gitEnv } from "./git-env.js";
import { runInShell } from "./git-shell.js";

const hostTag = createHash("sha256").update(hostname()).digest("hex").slice(0, 8);

/**
 * A temporary path beside `path` (in the same folder, for a rename into place) naming this host and
 * process, so that ScratchDir.open() can remove it when a kill left it behind.
 */
export function tempBeside(path: string): string {
  return `${path}.${hostTag}-${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
}

const readdirQuiet = (dir: string): string[] => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

/** tempBeside()'s names: the host tag and the pid. */
const TEMP_RE = /\.([0-9a-f]{8})-(\d+)-[0-9a-f]+\.tmp$/;

/**
 * A run's scratch files (snapshot and combine indexes) in `pool/.scratch/<host>-<pid>-<random>`: made on
 * first use, removed by dispose(), and, when their process died, by the next run on this host.
 */
export class ScratchDir {
  private seq = 0;
  private made = false;

  private constructor(private readonly dir: string) {}

  /**
   * The scratch folder of this process in `pool` (made now, so that pathSync() serves the first step),
   * after sweeping those of dead processes of this host. Synchronous calls: a run opens it while its
   * start queues libuv's thread pool (see assertRealDirSync()).
   */
  static async open(pool: string): Promise<ScratchDir> {
    const root = join(pool, ".scratch");
    mkdirSync(root, { recursive: true });
    assertRealDirSync(root);
    for (const name of readdirQuiet(root)) {
      const m = /^([0-9a-f]{8})-(\d+)-[0-9a-f]+$/.exec(name);
      if (!m || m[1] !== hostTag || pidRunning(Number(m[2]))) continue;
      await rm(join(root, name), { recursive: true, force: true });
    }
    // Files a killed process left beside the pool's own (tempBeside()): an index being restored, the width.
    for (const name of readdirQuiet(pool)) {
      const m = name.match(TEMP_RE);
      if (!m || m[1] !== hostTag || pidRunning(Number(m[2]))) continue;
      rmSync(join(pool, name), { force: true });
    }
    const scratch = new ScratchDir(join(root, `${hostTag}-${process.pid}-${randomBytes(4).toString("hex")}`));
    try {
      mkdirSync(scratch.dir);
      scratch.made = true;
    } catch {
      // made on first use by file(), which says what is wrong
    }
    return scratch;
  }

  /** A new file path (not created) for an index of `kind`. */
  async file(kind: string): Promise<string> {
    // Never through a pool folder replaced by a link since open().
    await assertRealDir(dirname(this.dir));
    if (!this.made) {
      await mkdir(this.dir, { recursive: true });
      this.made = true;
    }
    this.seq += 1;
    return join(this.dir, `${kind}-${this.seq}.index`);
  }

  /**
   * A new path (not created) in the folder, without waiting for the thread pool, or null until file()
   * has made the folder or when the pool's `.scratch` is no longer the real folder it was.
   */
  pathSync(kind: string): string | null {
    if (!this.made) return null;
    const parent = dirname(this.dir);
    try {
      const st = lstatSync(parent);
      if (st.isSymbolicLink() || !st.isDirectory() || realpathSync(parent) !== parent) return null;
    } catch {
      return null;
    }
    this.seq += 1;
    return join(this.dir, `${kind}-${this.seq}`);
  }

  /**
   * Hands the folder's removal to a detached `rm -rf`, started by one of the run's helper shells
   * (git-shell.ts: a pipe write, no fork of this process): unlinking a step's snapshot indexes is kernel
   * work (5-20 ms for 20 files on a loaded machine), which the run's last writes and its exit waited for
   * when it was done here. Without an idle helper shell, or without /bin/rm, it is removed here in the
   * background as before. A removal that does not finish (rm killed) leaves the folder to the next run
   * on this host (see above): its name still carries this process's pid.
   */
  async dispose(): Promise<void> {
    try {
      assertRealDirSync(dirname(this.dir));
    } catch {
      return;
    }
    if (await removeDetachedByShell(this.dir)) return;
    void rm(this.dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

const RM = ["/bin/rm", "/usr/bin/rm"].find((p) => existsSync(p));

/**
 * Starts `rm -rf -- dir` in the background of an idle helper shell (its output to /dev/null, so that
 * nothing holds the shell's pipes); true once it is started.
 */
async function removeDetachedByShell(dir: string): Promise<boolean> {
  if (RM === undefined) return false;
  const started = runInShell(
    {
      program: "/bin/sh",
      args: ["-c", `${RM} -rf -- "$1" </dev/null >/dev/null 2>&1 &`, "sh", dir],
      cwd: "/",
      env: {},
    },
    () => gitEnv(undefined),
  );
  if (started === null) return false;
  return started.then(
    (r) => r.exitCode === 0,
    () => false,
  );
}
