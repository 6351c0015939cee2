import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { git } from "../helpers/repo.js";
import { addUncommittedWork, cleanup, fingerprint, flow, run, temp, userRepo } from "./git-helpers.js";

afterAll(cleanup);

// From an agent's directory (<pools>/<repo>-<hash>/wN, outside the repository): the user's .git, as the
// pool records it beside the agent's directory (an agent can always find it; the engine must not care).
const USER_GIT = '"$(cat ../repository)"';

const twoAgents = (evil: string, extraCheck = "      - check: 'true'\n", extra = ""): string =>
  flow(
    `  evil:\n    run: '${evil}'\n    writes: [docs/**]\n  next:\n    run: 'mkdir -p docs && echo next > docs/next.md'\n    writes: [docs/**]`,
    `      - agent: evil\n      - agent: next\n${extraCheck}`,
    extra,
  );
// The policy refuses an agent's .gitattributes by default; these attacks need it let through to show that
// the engine's git still runs no filter.
const ATTRIBUTES_ALLOWED = "policy:\n  allow_gitattributes: true\n";

function runFolder(repo: string): string {
  const runs = readdirSync(join(repo, "docs/status/runs"));
  return join(repo, "docs/status/runs", runs[0] as string);
}

function markerDir(): { dir: string; marker: string } {
  const dir = temp("agent-flow-marker-");
  return { dir, marker: join(dir, "planted-code-ran") };
}

describe("hostile agents against the engine's git", () => {
  it("a .git file pointing at the user's .git redirects nothing", () => {
    const repo = userRepo({
      "agents/flow.yaml": twoAgents(
        `test -d ${USER_GIT}/objects && rm -rf .git && printf "gitdir: %s\\n" ${USER_GIT} > .git && mkdir -p docs && echo one > docs/a.md`,
      ),
    });
    addUncommittedWork(repo);
    const before = fingerprint(repo);
    const r = run(repo, "gitfile");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(fingerprint(repo)).toEqual(before);
    const ref = git(repo, "for-each-ref", "--format=%(refname)", "refs/agent-flow/")
      .split("\n")
      .pop() as string;
    expect(git(repo, "ls-tree", "-r", "--name-only", ref)).toContain("docs/a.md");
  });

  it("a pool folder replaced by a link to the user's checkout is refused, not cleaned", () => {
    const repo = userRepo({
      "agents/flow.yaml": twoAgents(
        'P="$(cd .. && pwd)"; U="$(dirname "$(cat ../repository)")"; test -f "$U/agents/flow.yaml" && mv "$P" "$P.moved" && ln -s "$U" "$P"; mkdir -p docs; echo one > docs/a.md',
      ),
    });
    addUncommittedWork(repo);
    const before = fingerprint(repo);
    const r = run(repo, "poollink");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/refusing to use .*pool/);
    expect(fingerprint(repo)).toEqual(before);
    // A later run refuses too, naming the folder to remove.
    const again = run(repo, "poollink2");
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/refusing to use \S+-[0-9a-f]{16}: it is a symbolic link/);
    expect(fingerprint(repo)).toEqual(before);
  });

  it("hooks, fsmonitor, hooksPath and a filter planted in the agent's .git run nowhere", () => {
    const { marker } = markerDir();
    const plant = [
      "mkdir -p .git/hooks docs",
      `for h in pre-commit post-commit post-checkout post-index-change reference-transaction pre-push pre-auto-gc; do printf "#!/bin/sh\\ntouch ${marker}\\n" > .git/hooks/$h; chmod +x .git/hooks/$h; done`,
      `git config core.fsmonitor "touch ${marker}; false"`,
      'git config core.hooksPath "$PWD/.git/hooks"',
      `git config filter.evil.clean "touch ${marker}; cat"`,
      `git config filter.evil.smudge "touch ${marker}; cat"`,
      `git config filter.evil.required true`,
      'echo "* filter=evil" > docs/.gitattributes',
      "echo one > docs/a.md",
    ].join("; ");
    const repo = userRepo({ "agents/flow.yaml": twoAgents(plant, undefined, ATTRIBUTES_ALLOWED) });
    addUncommittedWork(repo);
    const before = fingerprint(repo);
    const r = run(repo, "planted");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(fingerprint(repo)).toEqual(before);
    // The user's own git afterwards runs nothing planted either.
    git(repo, "status");
    expect(existsSync(marker)).toBe(false);
  });

  it("a .gitattributes written by an agent does not switch on the user's own filter driver for the engine", () => {
    const { marker } = markerDir();
    const repo = userRepo({
      "agents/flow.yaml": twoAgents(
        'mkdir -p docs; echo "* filter=lfsish" > docs/.gitattributes; echo one > docs/a.md',
        undefined,
        ATTRIBUTES_ALLOWED,
      ),
    });
    git(repo, "config", "filter.lfsish.clean", `touch ${marker}; cat`);
    git(repo, "config", "filter.lfsish.smudge", `touch ${marker}; cat`);
    const before = fingerprint(repo);
    const r = run(repo, "filter");
    expect(r.code).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(fingerprint(repo)).toEqual(before);
  });

  it("update-ref, tags and user.email from inside the agent's directory stay in its own .git", () => {
    const evil = [
      "mkdir -p docs && echo x > docs/x.md",
      "git add -A && git -c user.name=evil -c user.email=evil@example.com commit -qm evil",
      "git update-ref refs/heads/main HEAD && git update-ref refs/heads/develop HEAD && git tag -f v1 HEAD",
      "git config user.email evil@example.com",
    ].join(" && ");
    const repo = userRepo({ "agents/flow.yaml": twoAgents(evil) });
    addUncommittedWork(repo);
    const before = fingerprint(repo);
    const r = run(repo, "refs");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(fingerprint(repo)).toEqual(before);
    expect(git(repo, "config", "user.email")).toBe("test@example.com");
  });

  it("a replace ref made by the agent cannot hide a file outside its scopes", () => {
    const evil = [
      "mkdir -p .github/workflows docs && echo evil > .github/workflows/evil.yml && echo ok > docs/a.md",
      "git add -A && T=$(git write-tree) && git replace -f $(git rev-parse HEAD^{tree}) $T",
    ].join(" && ");
    const repo = userRepo({ "agents/flow.yaml": twoAgents(evil) });
    addUncommittedWork(repo);
    const before = fingerprint(repo);
    const r = run(repo, "replace");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(".github/workflows/evil.yml");
    expect(fingerprint(repo)).toEqual(before);
    expect(git(repo, "branch", "--list", "feature/*")).toBe("");
  });

  it("the engine's git ignores replace refs in the user's repository", () => {
    const repo = userRepo({
      "agents/flow.yaml": twoAgents(
        "mkdir -p .github/workflows docs && echo evil > .github/workflows/evil.yml && echo ok > docs/a.md",
      ),
    });
    // As if planted by a same-user process: the base tree replaced by one that holds evil.yml.
    const blob = execFileSync("git", ["hash-object", "-w", "--stdin"], { cwd: repo, input: "evil\n" })
      .toString()
      .trim();
    const index = join(temp("agent-flow-idx-"), "index");
    const env = { ...process.env, GIT_INDEX_FILE: index };
    execFileSync("git", ["read-tree", "HEAD"], { cwd: repo, env });
    execFileSync(
      "git",
      ["update-index", "--add", "--cacheinfo", `100644,${blob},.github/workflows/evil.yml`],
      {
        cwd: repo,
        env,
      },
    );
    const fake = execFileSync("git", ["write-tree"], { cwd: repo, env }).toString().trim();
    git(repo, "replace", "-f", git(repo, "rev-parse", "HEAD^{tree}"), fake);
    const r = run(repo, "replace-user");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(".github/workflows/evil.yml");
    expect(existsSync(join(runFolder(repo), "pipeline_status.json"))).toBe(true);
  });
});
