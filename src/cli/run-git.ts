import { Git } from "../engine/git.js";
import { gitEnv } from "../engine/git-env.js";
import { startShells } from "../engine/git-shell.js";

/** Helper shells a sequential run keeps busy at once (git-shell.ts's default). */
const RUN_SHELLS = 4;

/**
 * A run's first git work, started by the CLI's entry before the CLI's code loads (issue 12: run start):
 * the repository's discovery (every later git call of the run, and the default flow file, need its
 * answer) and the helper shells that start the run's git commands (git-shell.ts). They are forked now,
 * while this process is small. The flow worker (flow-worker.ts) is started just before: it is still
 * booting while they are forked (a helper shell forked beside the worker once it is busy loading the
 * flow's code took 100+ ms instead of a few: a fork while another thread of the process allocates costs
 * that thread's copy-on-write faults), and its answer, not git's, is what the run waits for.
 */
export function startRunGit(cwd: string): void {
  void new Git(cwd).prepare();
  startShells(RUN_SHELLS, () => gitEnv(undefined));
}
