import { Git } from "../../src/engine/git.js";

/**
 * A Git that records each subcommand it runs, also through at() and with(): the first argument after
 * the `-c` settings, and `worktree <verb>` for worktree commands.
 */
export class CountingGit extends Git {
  constructor(
    cwd: string,
    readonly log: string[] = [],
  ) {
    super(cwd);
  }

  override at(cwd: string): Git {
    return new CountingGit(cwd, this.log);
  }

  override with(layout: Parameters<Git["with"]>[0]): Git {
    const g = new CountingGit(layout.workTree ?? this.cwd, this.log);
    return Object.assign(g, { where: () => Promise.resolve(layout) });
  }

  override exec(args: string[], opts?: Parameters<Git["exec"]>[1]): ReturnType<Git["exec"]> {
    let i = 0;
    while (args[i] === "-c") i += 2;
    this.log.push(args[i] === "worktree" ? `worktree ${args[i + 1]}` : (args[i] as string));
    return super.exec(args, opts);
  }
}
