import { rm } from "node:fs/promises";
import { type AgentGitSpec, resetAgentGit } from "./agent-dir.js";
import type { ScratchDir } from "./scratch-dir.js";

/** Agents' old `.git` folders, removed off the critical path (see RunWorkspace.acquire()). */
export class OldGits {
  private removals = new Set<Promise<void>>();

  constructor(private readonly scratch: ScratchDir) {}

  /** resetAgentGit(), the old `.git` moved into the scratch folder and removed there in the background. */
  async reset(dir: string, spec: AgentGitSpec): Promise<void> {
    const aside = this.scratch.pathSync("old-git");
    if (!(await resetAgentGit(dir, spec, aside ?? undefined)) || aside === null) return;
    const removal = rm(aside, { recursive: true, force: true })
      .catch(() => undefined) // the scratch folder goes with dispose(), or with the next run on this host
      .finally(() => this.removals.delete(removal));
    this.removals.add(removal);
  }

  /** Resolves once the removals begun so far have ended. */
  async settled(): Promise<void> {
    await Promise.all(this.removals);
  }
}
