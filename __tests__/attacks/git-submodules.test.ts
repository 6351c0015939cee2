import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { git, makeRepo } from "../helpers/repo.js";
import { cleanup, flow, run, temp } from "./git-helpers.js";

afterAll(cleanup);

/** A repository with the submodule `lib/sub` (a real one, added from a sibling repository on disk). */
function repoWithSubmodule(flowText: string): { repo: string; sub: string } {
  const sub = makeRepo({ "file.txt": "from the submodule\n" });
  const repo = makeRepo({ "agents/flow.yaml": flowText });
  const parent = temp("agent-flow-subs-");
  execFileSync("mv", [sub, join(parent, "sub")]);
  execFileSync("mv", [repo, join(parent, "repo")]);
  const r = join(parent, "repo");
  git(r, "-c", "protocol.file.allow=always", "submodule", "add", "--quiet", join(parent, "sub"), "lib/sub");
  git(r, "commit", "--quiet", "-m", "add submodule");
  return { repo: r, sub: join(parent, "sub") };
}

describe("submodules", () => {
  it("are filled from the user's repository in agent and check directories; changes inside are not kept", () => {
    const { repo } = repoWithSubmodule(
      flow(
        "  dev:\n    run: 'test -f lib/sub/file.txt && mkdir -p docs && cp lib/sub/file.txt docs/seen.txt && echo changed > lib/sub/file.txt'\n    writes: [docs/**]",
        "      - agent: dev\n      - check: 'grep -q \"from the submodule\" lib/sub/file.txt'",
      ),
    );
    const r = run(repo, "subs");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const ref = git(repo, "for-each-ref", "--format=%(refname)", "refs/agent-flow/")
      .split("\n")
      .pop() as string;
    expect(git(repo, "show", `${ref}:docs/seen.txt`)).toBe("from the submodule");
    // The gitlink is the base's.
    expect(git(repo, "rev-parse", `${ref}:lib/sub`)).toBe(git(repo, "rev-parse", "HEAD:lib/sub"));
  });

  it("are refused with what to run when the user's repository does not hold them", () => {
    const { repo } = repoWithSubmodule(
      flow(
        "  dev:\n    run: 'mkdir -p docs && echo x > docs/x.md'\n    writes: [docs/**]",
        "      - agent: dev",
      ),
    );
    const clone = join(temp("agent-flow-clone-"), "c");
    git(repo, "clone", "--quiet", repo, clone);
    git(clone, "config", "user.name", "t");
    git(clone, "config", "user.email", "t@example.com");
    writeFileSync(join(clone, ".git/info/exclude"), "docs/status/\n.locks/\n.triggers/\n");
    const r = run(clone, "nosubs");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('submodule "lib/sub"');
    expect(r.stderr).toContain("git submodule update --init --recursive");
  });
});
