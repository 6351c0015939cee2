// The attack-corpus harness: one hostile agent (or check) script per attack, run by the real engine
// against a user repository that has uncommitted work, untracked files, tags, a second branch and a
// bare remote; then the promises every attack must leave intact are asserted.
import { execFileSync } from "node:child_process";
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { expect } from "vitest";
import { compileScopes } from "../../src/flow/scopes.js";
import { cli, type Ran, tempDir } from "./cli.js";
import { git, makeRepo } from "./repo.js";

/** A fake token in the engine's environment; it must never reach an agent, a check or the remote. */
export const SECRET = "ghp_agentflowHOSTILEtest0123456789abcdef";

export interface Attack {
  /** Shell script run as the agent (or the check). `{{REPO}}` is the user's checkout, `{{MARKER}}` a
   * path that planted code creates if it ever runs. */
  script: string;
  /** Run the script as a `check` step after a harmless agent instead of as the agent. */
  asCheck?: boolean;
  /** Run the hostile agent in a parallel group with this many harmless agents (each writes lib/calmN.js). */
  calmPeers?: number;
  /** The agent's `writes:` (default `[src/**]`). */
  writes?: string[];
  /** YAML lines under `policy:` (indented by the harness). */
  policy?: string[];
  /**
   * - refused: the run fails with this message and pushes nothing; the user's repository is unchanged.
   * - detected: as refused, but the attack wrote the user's repository directly (a same-user process
   *   cannot be stopped without a sandbox): only the listed snapshot keys may differ.
   * - no-effect: whatever the run's outcome, the promises hold.
   */
  expect: { refused: RegExp } | { detected: RegExp; changes: string[] } | "no-effect";
  /** Modes a pushed file may have (default regular files only: 100644). */
  pushedModes?: string[];
}

export interface AttackOutcome {
  ran: Ran;
  /** Everything the run reported: stdout, stderr, status file and log. */
  report: string;
  /** Files changed on pushed branches relative to main, with their modes. */
  pushed: { mode: string; path: string }[];
}

const sh = (cwd: string, ...args: string[]): string =>
  execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** Every file under dir (relative, posix) except the skipped top-level names, with its bytes or link. */
function files(dir: string, skip: readonly string[] = [], prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  let names: string[];
  try {
    names = readdirSync(join(dir, prefix));
  } catch {
    return out;
  }
  for (const name of names) {
    const rel = prefix ? `${prefix}/${name}` : name;
    if (skip.includes(rel)) continue;
    const path = join(dir, rel);
    const st = lstatSync(path);
    if (st.isDirectory()) for (const [k, v] of files(dir, skip, rel)) out.set(k, v);
    else if (st.isSymbolicLink()) out.set(rel, `link:${readlinkSync(path)}`);
    else out.set(rel, `${(st.mode & 0o777).toString(8)}:${readFileSync(path).toString("base64")}`);
  }
  return out;
}

/** What the promises are about, byte for byte: keys like `config`, `hooks/pre-push`, `ref refs/heads/main`. */
export function userState(repo: string): Map<string, string> {
  const gitDir = join(repo, ".git");
  const s = new Map<string, string>();
  for (const name of ["HEAD", "config", "index", "packed-refs"]) {
    const text = (() => {
      try {
        return readFileSync(join(gitDir, name)).toString("base64");
      } catch {
        return null;
      }
    })();
    if (text !== null) s.set(name, text);
  }
  for (const [k, v] of files(join(gitDir, "hooks"))) s.set(`hooks/${k}`, v);
  for (const [k, v] of files(join(gitDir, "info"))) s.set(`info/${k}`, v);
  for (const line of sh(repo, "for-each-ref", "--format=%(refname) %(objectname)").split("\n")) {
    const [ref, oid] = line.split(" ");
    if (ref && !ref.startsWith("refs/agent-flow/")) s.set(`ref ${ref}`, oid ?? "");
  }
  for (const [k, v] of files(repo, [".git", "docs/status", ".locks", ".triggers"])) s.set(`file ${k}`, v);
  return s;
}

function differences(a: Map<string, string>, b: Map<string, string>): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((k) => a.get(k) !== b.get(k)).sort();
}

function flowText(attack: Attack, scriptFile: string): string {
  const writes = attack.writes ?? ["src/**"];
  const policy = attack.policy?.length ? `policy:\n${attack.policy.map((l) => `  ${l}`).join("\n")}\n` : "";
  const agentRun = attack.asCheck ? "mkdir -p src && echo ok > src/ok.js" : `sh ${scriptFile}`;
  const check = attack.asCheck ? `      - check: 'sh ${scriptFile}'\n` : "";
  const peers = Array.from({ length: attack.calmPeers ?? 0 }, (_, i) => `calm${i + 1}`);
  const calm = peers
    .map(
      (p) =>
        `  ${p}:\n    run: 'sleep 0.3; mkdir -p lib && echo ok > lib/${p}.js'\n    writes: [lib/${p}.js]\n`,
    )
    .join("");
  const step = peers.length > 0 ? `parallel: [${["hostile", ...peers].join(", ")}]` : "agent: hostile";
  return `version: 1
${policy}${peers.length > 0 ? `defaults: { parallel_max: ${peers.length + 1} }\n` : ""}agents:
  hostile:
    run: '${agentRun}'
    writes: [${writes.map((w) => JSON.stringify(w)).join(", ")}]
${calm}workflows:
  idea_to_feature:
    steps:
      - ${step}
${check}      - commit: {}
`;
}

/** The user's repository: one commit on main pushed to a bare origin, plus work in progress. */
function userRepo(): { repo: string; remote: string } {
  const repo = makeRepo({
    "agents/flow.yaml": "version: 1\n",
    "src/app.js": "export const x = 1;\n",
    "config/prod/db.yml": "host: db\n",
    "README.md": "# app\n",
  });
  const remote = join(tempDir("agent-flow-remote-"), "origin.git");
  git(repo, "init", "--quiet", "--bare", remote);
  git(repo, "remote", "add", "origin", remote);
  git(repo, "push", "--quiet", "origin", "main");
  git(repo, "tag", "v1");
  git(repo, "branch", "topic");
  writeFileSync(join(repo, "README.md"), "# app\n\nuncommitted work\n");
  writeFileSync(join(repo, "src/staged.js"), "export const staged = true;\n");
  git(repo, "add", "src/staged.js");
  writeFileSync(join(repo, "notes.txt"), "untracked notes\n");
  mkdirSync(join(repo, ".git/hooks"), { recursive: true });
  writeFileSync(join(repo, ".git/hooks/post-checkout"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
  return { repo, remote };
}

/** Runs one attack through the real engine (the CLI built from src/) and asserts every promise. */
export function runAttack(attack: Attack): AttackOutcome {
  const { repo, remote } = userRepo();
  const scratch = tempDir("agent-flow-attack-");
  const marker = join(scratch, "planted-code-ran");
  const probe = join(scratch, "probe");
  const scriptFile = join(scratch, "attack.sh");
  try {
    // Written after the user's repository exists: the flow file is committed, as a user's would be.
    writeFileSync(join(repo, "agents/flow.yaml"), flowText(attack, scriptFile));
    git(repo, "commit", "--quiet", "-m", "flow", "--", "agents/flow.yaml");
    git(repo, "push", "--quiet", "origin", "main");
    // What the script could read of its environment, kept outside every repository.
    const body = attack.script.replaceAll("{{REPO}}", repo).replaceAll("{{MARKER}}", marker);
    writeFileSync(scriptFile, `env > ${probe}.$$ 2>/dev/null\n${body}\n`);
    const before = userState(repo);
    const ran = cli(["run", "--feature", "attack"], {
      cwd: repo,
      env: {
        AGENT_FLOW_RETRY_DELAY_MS: "50",
        AGENT_FLOW_AUTHOR: "Robo Dev <robo@example.com>",
        GITHUB_TOKEN: SECRET,
        GH_TOKEN: SECRET,
        AGENT_FLOW_GITHUB_TOKEN: SECRET,
      },
    });
    const after = userState(repo);
    const runs = join(repo, "docs/status/runs");
    const runFiles = files(runs);
    const report = [
      ran.stdout,
      ran.stderr,
      ...[...runFiles]
        .filter(([k]) => /pipeline_status\.json$|pipeline\.log$/.test(k))
        .map(([, v]) => Buffer.from(v.slice(v.indexOf(":") + 1), "base64").toString("utf8")),
    ].join("\n");

    // 1. The user's HEAD, refs, config, hooks, index and working files are as they were; the one thing
    // the commit step adds is the run's branch (and its remote-tracking ref), when it pushed one.
    const made = sh(remote, "for-each-ref", "--format=%(refname)", "refs/heads/feature/")
      .split("\n")
      .filter(Boolean)
      .flatMap((r) => [`ref ${r}`, `ref ${r.replace("refs/heads/", "refs/remotes/origin/")}`]);
    const changed = differences(before, after).filter((k) => !(made.includes(k) && !before.has(k)));
    if (typeof attack.expect === "object" && "detected" in attack.expect)
      expect(changed.filter((k) => !(attack.expect as { changes: string[] }).changes.includes(k))).toEqual(
        [],
      );
    else expect(changed).toEqual([]);

    // 2. The outcome the attack states.
    if (attack.expect !== "no-effect") {
      expect(ran.code, report).not.toBe(0);
      expect(report).toMatch("refused" in attack.expect ? attack.expect.refused : attack.expect.detected);
    }

    // 3. What reached the remote: only in-scope files of the allowed modes, nothing at all when refused.
    const base = sh(remote, "rev-parse", "main").trim();
    const branches = sh(remote, "for-each-ref", "--format=%(refname)", "refs/heads")
      .split("\n")
      .filter((r) => r && r !== "refs/heads/main");
    if (attack.expect !== "no-effect") expect(branches).toEqual([]);
    const inScope = compileScopes(attack.writes ?? ["src/**"]);
    const pushed: AttackOutcome["pushed"] = [];
    for (const ref of branches) {
      const raw = sh(remote, "diff-tree", "-r", "-z", "--no-renames", base, ref).split("\0");
      for (let i = 0; i + 1 < raw.length; i += 2) {
        const mode = (raw[i] as string).slice(1).split(" ")[1] as string;
        const path = raw[i + 1] as string;
        pushed.push({ mode, path });
        expect(attack.pushedModes ?? ["100644"], `${path} pushed with mode ${mode}`).toContain(mode);
        expect(inScope(path), `${JSON.stringify(path)} pushed outside the scopes`).toBe(true);
      }
    }

    // 4. No secret in what was pushed, in the run's records, or (once isolated) in what agents read.
    const everything = sh(remote, "log", "--all", "-p", "--format=%H%n%an %ae%n%B");
    expect(everything.includes(SECRET), "the secret was pushed").toBe(false);
    for (const [path, v] of runFiles) {
      const text = Buffer.from(v.slice(v.indexOf(":") + 1), "base64").toString("utf8");
      expect(text.includes(SECRET), `the secret is in ${path}`).toBe(false);
    }
    // What the agent's (or check's) own environment held: written by every attack script's first line.
    const probes = readdirSync(scratch).filter((n) => n.startsWith("probe."));
    if (ran.code !== 2) expect(probes.length, "the attack script never ran").toBeGreaterThan(0);
    for (const name of probes) expect(readFileSync(join(scratch, name), "utf8")).not.toContain(SECRET);

    // 5. No planted code ran: not during the run, and not when the user next uses git.
    // (Not after a detected attack: what it planted is still there, and the user is told to look first.)
    if (!(typeof attack.expect === "object" && "detected" in attack.expect)) {
      execFileSync("git", ["status", "--short"], { cwd: repo, stdio: "ignore" });
      execFileSync("git", ["log", "-1", "--all"], { cwd: repo, stdio: "ignore" });
    }
    expect(lstatSafe(marker), "planted code ran").toBe(false);
    return { ran, report, pushed };
  } finally {
    for (const dir of [repo, dirname(remote), scratch]) rmSync(dir, { recursive: true, force: true });
  }
}

function lstatSafe(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
