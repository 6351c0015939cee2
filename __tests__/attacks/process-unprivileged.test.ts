// Containment as it is where it matters: the engine is NOT root (a GitHub-hosted runner, a laptop).
// Here the tests run as root, so the engine is started as the unprivileged `nobody` (setpriv); when the
// tests already run unprivileged, the engine runs as the test's own user.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI, type Ran, tempDir } from "../helpers/cli.js";
import { makeRepo } from "../helpers/repo.js";
import { cliForOthers } from "../helpers/unprivileged.js";

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;
const setpriv = spawnSync("sh", ["-c", "command -v setpriv"], { encoding: "utf8" }).stdout.trim();
/** The engine's command line, as an unprivileged user. */
const engine = (args: string[]): string[] =>
  asRoot
    ? [
        setpriv,
        `--reuid=${NOBODY}`,
        `--regid=${NOBODY}`,
        "--clear-groups",
        "--",
        process.execPath,
        cliForOthers(),
        ...args,
      ]
    : [process.execPath, CLI, ...args];

/** Whether an unprivileged user can make a user + PID namespace here (the mode under test). */
function userNamespaceWorks(): boolean {
  if (process.platform !== "linux" || (asRoot && !setpriv)) return false;
  const prefix = asRoot ? [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", "--"] : [];
  const cmd = [
    "unshare",
    "--user",
    "--map-current-user",
    "--pid",
    "--fork",
    "--kill-child",
    "--mount-proc",
    "true",
  ];
  const r = asRoot ? spawnSync(setpriv, [...prefix, ...cmd]) : spawnSync(cmd[0] as string, cmd.slice(1));
  return r.status === 0;
}
const available = userNamespaceWorks();

let home = "";
function chownTree(dir: string): void {
  if (asRoot) execFileSync("chown", ["-R", `${NOBODY}:${NOBODY}`, dir]);
}
function repoFor(agents: string): string {
  const repo = makeRepo({
    "agents/flow.yaml": `version: 1\nagents:\n${agents}\nworkflows:\n  idea_to_feature:\n    steps:\n      - agent: evil\n      - agent: next\n`,
  });
  chownTree(repo);
  return repo;
}
function marksDir(): string {
  const d = tempDir();
  chownTree(d);
  return d;
}
const envFor = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: home,
  AGENT_FLOW_RETRY_DELAY_MS: "50",
  ...extra,
});

function runEngine(repo: string, args: string[], extra?: NodeJS.ProcessEnv): Ran {
  const [cmd, ...rest] = engine(args);
  const r = spawnSync(cmd as string, rest, {
    cwd: repo,
    env: envFor(extra),
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const git = (repo: string, ...args: string[]): string =>
  execFileSync("git", ["-c", "safe.directory=*", ...args], { cwd: repo, encoding: "utf8" }).trim();

function onlyRunDir(repo: string): string {
  const [id] = readdirSync(join(repo, "docs/status/runs"));
  return join(repo, "docs/status/runs", id as string);
}

/** Live (non-zombie) processes whose command line holds `token`. */
function processesWith(token: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (
        readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(token) &&
        !stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")
      )
        found.push(Number(entry));
    } catch {
      // gone
    }
  }
  return found;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A daemon that leaves everything the process-tree mode looks for: its session (setsid), its parent
 * (double fork) and the run's marker variable (env -i). After `wait` it plants a file in the worktree
 * (handed to the next agent) and a mark outside.
 */
function daemonScript(marks: string, token: string, wait: string): string {
  const file = join(marks, "evil.sh");
  writeFileSync(
    file,
    `setsid sh -c '(env -i /bin/sh -c "${wait}; mkdir -p src; echo planted > src/planted.js; echo escaped > ${marks}/escaped; : ${token}" &) ; :' &
echo started > ${marks}/started
`,
  );
  chownTree(file);
  return `sh ${file}`;
}

beforeAll(() => {
  home = marksDir();
});

describe.skipIf(!available)("attack, unprivileged engine: processes in a user + PID namespace", () => {
  /** An agent that looks for the engine (its pid is in the run's status) and tries to kill it. */
  const killer = (marks: string): string => {
    const file = join(marks, "kill.sh");
    writeFileSync(
      file,
      `pid=$(sed -n 's/.*"pid": *\\([0-9][0-9]*\\).*/\\1/p' "$AGENT_RUN_DIR/pipeline_status.json" | head -1)
[ -n "$pid" ] || { echo nopid > ${marks}/nopid; exit 1; }
[ -e /proc/$pid/environ ] && echo "$pid" > ${marks}/seen
tr '\\0' '\\n' < /proc/$pid/environ 2>/dev/null | grep -c ENGINE_ONLY_TOKEN > ${marks}/environ
kill -9 "$pid" 2>/dev/null && echo "$pid" > ${marks}/killed
ls /proc | grep -c '^[0-9]' > ${marks}/procs
exit 0
`,
    );
    chownTree(file);
    return `sh ${file}`;
  };

  it("auto picks the PID namespace inside a user namespace and says so in pipeline.log; a setsid + double fork + env -i daemon dies with its attempt; the agent can neither see nor signal the engine", async () => {
    const marks = marksDir();
    const token = `agent-flow-userns-${Date.now()}`;
    const repo = repoFor(
      [
        `  evil:\n    run: '${daemonScript(marks, token, "sleep 2")}; ${killer(marks)}'\n    writes: [docs/**]`,
        "  next:\n    run: 'sleep 3; mkdir -p src; echo ok > src/ok.js'\n    writes: [src/**]",
      ].join("\n"),
    );
    const r = runEngine(repo, ["run", "--feature", "daemon"], { ENGINE_ONLY_TOKEN: "x" });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    // The engine's pid (from the run's status) names nothing in the namespace, whose /proc lists only
    // its own few processes.
    expect(existsSync(join(marks, "nopid"))).toBe(false);
    expect(readFileSync(join(marks, "environ"), "utf8").trim()).toBe("0");
    expect(existsSync(join(marks, "seen"))).toBe(false);
    expect(existsSync(join(marks, "killed"))).toBe(false);
    expect(Number(readFileSync(join(marks, "procs"), "utf8"))).toBeLessThan(10);
    expect(existsSync(join(marks, "started"))).toBe(true);
    expect(processesWith(token)).toEqual([]);
    const dir = onlyRunDir(repo);
    expect(readFileSync(join(dir, "pipeline.log"), "utf8")).toContain(
      "containment: pid-namespace inside a user namespace",
    );
    const status = JSON.parse(readFileSync(join(dir, "pipeline_status.json"), "utf8")) as {
      result_ref: string;
    };
    const files = git(repo, "ls-tree", "-r", "--name-only", status.result_ref).split("\n");
    expect(files).toContain("src/ok.js");
    expect(files).not.toContain("src/planted.js");
    await sleep(2500);
    expect(existsSync(join(marks, "escaped"))).toBe(false);
  }, 60_000);

  it("control: in process-tree mode the same agent sees and kills the engine (the residual the README states)", () => {
    const marks = marksDir();
    const repo = repoFor(
      [
        `  evil:\n    run: ${killer(marks)}\n    writes: [docs/**]`,
        "  next:\n    run: 'mkdir -p src; echo ok > src/ok.js'\n    writes: [src/**]",
      ].join("\n"),
    );
    const r = runEngine(repo, ["run", "--feature", "kill"], {
      AGENT_FLOW_CONTAINMENT: "process-tree",
      ENGINE_ONLY_TOKEN: "x",
    });
    expect(existsSync(join(marks, "seen"))).toBe(true);
    // The engine's environment (where a token would be) is readable, though no token is passed to it.
    expect(readFileSync(join(marks, "environ"), "utf8").trim()).toBe("1");
    expect(existsSync(join(marks, "killed"))).toBe(true);
    expect(r.code).not.toBe(0);
  }, 60_000);

  it("a SIGKILLed engine takes its namespace with it, and the resumed run finishes clean", async () => {
    const marks = marksDir();
    const token = `agent-flow-userns-orphan-${Date.now()}`;
    const repo = repoFor(
      [
        `  evil:\n    run: '${daemonScript(marks, token, `until [ -f ${marks}/go ]; do sleep 0.2; done`)}; [ -f ${marks}/resumed ] || sleep 30'\n    writes: [docs/**]`,
        "  next:\n    run: 'mkdir -p src; echo ok > src/ok.js'\n    writes: [src/**]",
      ].join("\n"),
    );
    const [cmd, ...rest] = engine(["run", "--feature", "orphan"]);
    const child = spawn(cmd as string, rest, { cwd: repo, stdio: "ignore", env: envFor() });
    const deadline = Date.now() + 30_000;
    while (!existsSync(join(marks, "started")) && Date.now() < deadline) await sleep(50);
    expect(existsSync(join(marks, "started"))).toBe(true);
    child.kill("SIGKILL"); // setpriv exec'd node: this is the engine itself
    await new Promise((r) => child.once("exit", r));
    // The kernel ends the namespace once the engine is gone (pdeathsig, then --kill-child).
    const gone = Date.now() + 5000;
    while (processesWith(token).length > 0 && Date.now() < gone) await sleep(50);
    expect(processesWith(token)).toEqual([]);
    writeFileSync(join(marks, "resumed"), "");
    chownTree(marks);
    const runId = readdirSync(join(repo, "docs/status/runs"))[0] as string;
    const again = runEngine(repo, ["run", "--run-id", runId, "--retry"]);
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
    writeFileSync(join(marks, "go"), "");
    await sleep(1500);
    expect(existsSync(join(marks, "escaped"))).toBe(false);
    const status = JSON.parse(readFileSync(join(onlyRunDir(repo), "pipeline_status.json"), "utf8")) as {
      result_ref: string;
    };
    expect(git(repo, "ls-tree", "-r", "--name-only", status.result_ref)).not.toContain("src/planted.js");
  }, 60_000);
});
