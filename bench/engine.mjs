#!/usr/bin/env node
// Orchestration overhead of the local engine, measured through a CLI bundle as a user runs it
// (`node dist/cli/index.js run --feature NAME --quiet`, non-TTY) on real git repositories in temp dirs.
// The machine's speed drifts (and a shared machine's load more so), so every figure is reported as a
// ratio against its floor, measured in the same run, next to the aim of issue 12:
//
//   row                                                   floor (measured here)                    aim
//   engine cost per step, 1,000 files, one file changed   git's own step: checkout --quiet --force  <= 1.5x
//                                                         + clean + status of a reused worktree,
//                                                         spawned from Node
//   the same, 20,000 files                                the same                                 <= 1.0x
//   parallel group of 4 agents that each `sleep 1`        4 x `sh -c 'sleep 1'` spawned at once    <= 1.10 s
//   16 agents that each `sleep 1`, parallel_max 16        16 x the same                            <= 1.5 s
//   the 4-agent step after H earlier runs (refs + run     the same step in the fresh repository    <= 1.05x
//     folders of H runs added; default 10,000)
//   cold start: `agent-flow --help`, the action's         create-pull-request's bundle starting     <= 0.8x
//     `validate`                                          as a runner starts it (--yardstick PATH;
//                                                         without it, `node` starting an empty
//                                                         module, and no verdict)
//
// Engine cost per step = (wall from spawn to exit - CLI start-up - the agents' own time t1-t0) / K, where
// CLI start-up is `run` stopping at a missing flow file (the run command's code loaded, nothing run). Below
// the table: a per-phase breakdown from pipeline.log timestamps and the agents' t0/t1, and, from one extra
// run with GIT_TRACE2_PERF, which git commands the engine runs per step and how long git itself spends.
// No assertions.
//
//   node bench/engine.mjs [--runs 3] [--small 1000] [--large 20000] [--k-small 10] [--k-large 5]
//                         [--history 10000] [--cli PATH] [--no-trace] [--quick]
//                         [--only small,large,par4,par16,history,cold] [--yardstick PATH] [--cold-runs 15]
//   (--quick: --large 5000 --history 1000; KEEP=1 keeps the temp dirs)
//
// Every figure is a median. Repository creation is not measured. dist/ (the CLI's entry and its chunks)
// is copied to a temp dir first, so a concurrent `npm run build` cannot pull it away mid-run; if it is
// missing, the committed one (git archive HEAD dist) is used. `--cli PATH` runs that CLI where it is (e.g. an
// old bundle copied aside, to compare); the action's bundle is then PATH/../../index.js when it exists.
//
// Cold start: the yardstick is create-pull-request's dist/index.js, or a stand-in built from the same
// packages (bench/yardstick.mjs builds one: no GitHub access is needed). It is started as a runner starts
// an action, `node PATH` in an empty folder, here with no inputs (it fails at its first required input;
// its exit code is ignored). Every command is started --cold-runs times, in turn with the others, so that
// the machine's drift hits all alike; wall and CPU time (user + sys, from sh's `times`) are medians.
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { arg, CHILD_ENV, flag, nowMs, runCli, tempDir } from "./lib/cli.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const QUICK = flag("quick");
const RUNS = Number(arg("runs", 3));
const SIZES = [
  { label: "small", files: Number(arg("small", 1000)), k: Number(arg("k-small", 10)), aim: 1.5 },
  {
    label: "large",
    files: Number(arg("large", QUICK ? 5000 : 20000)),
    k: Number(arg("k-large", 5)),
    aim: 1.0,
  },
];
const HISTORY = Number(arg("history", QUICK ? 1000 : 10000));
// --only small,large,par4,par16,history,cold: a subset of the table (the rest is skipped).
const ONLY = new Set(arg("only", "small,large,par4,par16,history,cold").split(","));
const AIM_PAR = { 4: 1.1, 16: 1.5 };
const AIM_HISTORY = 1.05;
const AIM_COLD = 0.8;
const YARDSTICK = arg("yardstick", undefined);
const COLD_RUNS = Number(arg("cold-runs", 15));

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");
const pad = (s, n) => String(s).padStart(n);
const padR = (s, n) => String(s).padEnd(n);
const log = (s = "") => process.stdout.write(`${s}\n`);
const note = (s) => process.stderr.write(`  .. ${s}\n`);

const git = (cwd, ...args) =>
  execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 1 << 28,
  }).trim();

// ---------------------------------------------------------------------------------------------- the CLI

function prepareCli() {
  const given = arg("cli", undefined);
  if (given) {
    // A given CLI is used where it is (it may be an unbundled tsc build that imports node_modules/).
    const cli = resolve(given);
    if (!existsSync(cli)) throw new Error(`no CLI at ${cli}`);
    const sha = createHash("sha256").update(readFileSync(cli)).digest("hex").slice(0, 12);
    return { cli, origin: cli, sha, committed: "n/a (--cli)" };
  }
  // The whole of dist/: the CLI's entry imports its commands from chunk files beside it.
  const dist = join(tempDir("agent-flow-bench-cli-"), "dist");
  let origin;
  if (existsSync(join(ROOT, "dist/cli/index.js"))) {
    cpSync(join(ROOT, "dist"), dist, { recursive: true });
    origin = "dist/cli/index.js";
  } else {
    mkdirSync(dist);
    execFileSync("sh", ["-c", `git archive HEAD dist | tar -x -C '${dirname(dist)}'`], { cwd: ROOT });
    origin = "git archive HEAD dist (dist/ is missing in the working tree)";
  }
  const cli = join(dist, "cli", "index.js");
  const hash = (buf) => createHash("sha256").update(buf).digest("hex").slice(0, 12);
  const sha = hash(readFileSync(cli));
  let committed = "unknown";
  try {
    committed =
      hash(execFileSync("git", ["show", "HEAD:dist/cli/index.js"], { cwd: ROOT, maxBuffer: 1 << 28 })) === sha
        ? "yes"
        : "no (a local build)";
  } catch {}
  return { cli, origin, sha, committed };
}

// What a run pays before any work of its own: the CLI loading the run command's code (which an older,
// single-file bundle evaluated for --version too). A flow file that does not exist ends it there.
const STARTUP_ARGS = ["run", "--flow", "no-such-flow.yaml"];
async function startupCost(cli, cwd, n = 7) {
  const xs = [];
  for (let i = 0; i < n; i++) xs.push((await runCli(cli, STARTUP_ARGS, cwd)).wall);
  return xs;
}

// ------------------------------------------------------------------------------------------ repositories

/** `total` tracked files: small text files in nested folders (src/dNN/eNN/fNN.txt) plus .gitignore,
 * agents/flow.yaml and docs/README.md; committed once. */
function makeRepo(total, flowYaml) {
  const files = total - 3;
  const dir = tempDir(`agent-flow-bench-${total}-`);
  git(dir, "init", "--quiet", "--initial-branch=main");
  for (const [k, v] of [
    ["user.name", "bench"],
    ["user.email", "bench@example.com"],
    ["gc.auto", "0"],
    ["commit.gpgsign", "false"],
  ])
    git(dir, "config", k, v);
  const leaf = 25;
  const leaves = Math.ceil(files / leaf);
  const top = Math.ceil(Math.sqrt(leaves));
  for (let i = 0; i < files; i++) {
    const l = Math.floor(i / leaf);
    const d = join(
      dir,
      "src",
      `d${String(Math.floor(l / top)).padStart(2, "0")}`,
      `e${String(l % top).padStart(2, "0")}`,
    );
    if (i % leaf === 0) mkdirSync(d, { recursive: true });
    writeFileSync(join(d, `f${String(i % leaf).padStart(2, "0")}.txt`), `file ${i}\nline two of file ${i}\n`);
  }
  mkdirSync(join(dir, "agents"), { recursive: true });
  mkdirSync(join(dir, "docs"), { recursive: true });
  writeFileSync(join(dir, ".gitignore"), "docs/status/\n.locks/\n.triggers/\n");
  writeFileSync(join(dir, "docs/README.md"), "agents write docs/out-N.txt here\n");
  writeFileSync(join(dir, "agents/flow.yaml"), flowYaml);
  git(dir, "add", "--all");
  git(dir, "commit", "--quiet", "-m", "init");
  return dir;
}

const STAMP = (f) => `date +%s%N > "$AGENT_OUTPUT/${f}"`;

function sequentialFlow(k) {
  const agents = [];
  const steps = [];
  for (let i = 1; i <= k; i++) {
    agents.push(
      `  a${i}:\n    run: '${STAMP("t0")}; date +%N > docs/out-${i}.txt; ${STAMP("t1")}'\n    writes: [docs/out-${i}.txt]\n    retries: 0`,
    );
    steps.push(`      - agent: a${i}`);
  }
  return `version: 1\nagents:\n${agents.join("\n")}\nworkflows:\n  idea_to_feature:\n    steps:\n${steps.join("\n")}\n`;
}

function parallelFlow(n) {
  const agents = [];
  const names = [];
  for (let i = 1; i <= n; i++) {
    agents.push(
      `  p${i}:\n    run: '${STAMP("t0")}; sleep 1; date +%N > docs/par-${i}.txt; ${STAMP("t1")}'\n    writes: [docs/par-${i}.txt]\n    retries: 0`,
    );
    names.push(`p${i}`);
  }
  return `version: 1\ndefaults: { parallel_max: ${n} }\nagents:\n${agents.join("\n")}\nworkflows:\n  idea_to_feature:\n    steps:\n      - parallel: [${names.join(", ")}]\n`;
}

// ---------------------------------------------------------------------------------------- run results

function runIdOf(r) {
  const m = /run (\d{8}-\d{6}-[0-9a-f]+) /.exec(r.stdout);
  if (m) return m[1];
  throw new Error(`cannot find the run id (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
}

function readRun(repo, runId) {
  const dir = join(repo, "docs/status/runs", runId);
  const status = JSON.parse(readFileSync(join(dir, "pipeline_status.json"), "utf8"));
  const events = readFileSync(join(dir, "pipeline.log"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => {
      const m = /^(\S+) \[([^\]]+)\] (.*)$/.exec(l);
      return m ? { t: Date.parse(m[1]), scope: m[2], text: m[3] } : undefined;
    })
    .filter(Boolean);
  const stamp = (agent, f) => Number(readFileSync(join(dir, agent, f), "utf8").trim()) / 1e6;
  return { dir, status, events, stamp };
}

/** Phase boundaries of each sequential step, from pipeline.log (ms resolution) and the agents' stamps. */
function stepPhases(run, k) {
  const rows = [];
  const find = (scope, pred) => run.events.find((e) => e.scope === scope && pred(e.text))?.t;
  for (let i = 1; i <= k; i++) {
    const key = `idea_to_feature/a${i}#1`;
    const a = `a${i}`;
    const r = {
      stepStarted: find(key, (t) => t === "started"),
      attemptStarted: find(key, (t) => t.startsWith(`${a}: attempt`)),
      t0: run.stamp(a, "t0"),
      t1: run.stamp(a, "t1"),
      agentFinished: find(key, (t) => t.startsWith(`${a}: succeeded`)),
      stepFinished: find(key, (t) => t === "succeeded"),
    };
    rows.push(r);
  }
  return rows;
}

// --------------------------------------------------------------------------------- 1. sequential steps

async function sequential(cliInfo, startup, size) {
  const repo = makeRepo(size.files, sequentialFlow(size.k));
  const nFiles = Number(git(repo, "ls-files").split("\n").length);
  const runs = [];
  for (let i = 1; i <= RUNS; i++) {
    const r = await runCli(cliInfo.cli, ["run", "--feature", `bench-${size.label}-${i}`, "--quiet"], repo);
    if (r.code !== 0) throw new Error(`run failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    const run = readRun(repo, runIdOf(r));
    const steps = stepPhases(run, size.k);
    const agentSum = steps.reduce((s, x) => s + (x.t1 - x.t0), 0);
    const changed = run.status.steps.filter((s) => s.agents[0]?.changed_files.length === 1).length;
    if (changed !== size.k)
      throw new Error(`expected every step to change one file, ${changed}/${size.k} did`);
    const runStarted = run.events.find((e) => e.scope === "run" && e.text.startsWith("started run"))?.t;
    runs.push({
      wall: r.wall,
      agentSum,
      rawPerStep: (r.wall - agentSum) / size.k,
      netPerStep: (r.wall - startup - agentSum) / size.k,
      steps,
      beforeFirstStep: steps[0].stepStarted - r.t0,
      afterLastStep: r.t1 - steps[size.k - 1].stepFinished,
      runStartedAt: runStarted - r.t0,
    });
    note(
      `${size.files} files, run ${i}: ${fmt(r.wall)} ms wall, ${fmt(runs.at(-1).rawPerStep, 1)} ms/step raw`,
    );
  }
  let trace;
  if (!flag("no-trace")) trace = await tracedRun(cliInfo, repo, size);
  return { size, nFiles, repo, runs, trace };
}

/** One extra run with GIT_TRACE2_PERF (a directory: one file per git process); not in the medians. */
async function tracedRun(cliInfo, repo, size) {
  const dir = join(tempDir("agent-flow-bench-trace-"), "t");
  mkdirSync(dir);
  const r = await runCli(cliInfo.cli, ["run", "--feature", `bench-${size.label}-trace`, "--quiet"], repo, {
    GIT_TRACE2_PERF: dir,
  });
  if (r.code !== 0) throw new Error(`traced run failed:\n${r.stdout}\n${r.stderr}`);
  const byCmd = new Map();
  let top = 0;
  let topMs = 0;
  for (const f of readdirSync(dir)) {
    const lines = readFileSync(join(dir, f), "utf8").split("\n");
    const startLine = lines.find((l) => /\| start\s+\|/.test(l));
    const exitLine = lines.find((l) => /\| atexit\s+\|/.test(l)) ?? lines.find((l) => /\| exit\s+\|/.test(l));
    if (!startLine || !exitLine) continue;
    if (!/\| d0 \|/.test(startLine)) continue; // children of a git command (e.g. worktree add -> reset) are inside its time
    const argvText = startLine.slice(startLine.lastIndexOf("|") + 1).trim();
    // The engine puts `-c k=v`, --git-dir=, --work-tree= and --literal-pathspecs before the subcommand.
    const words = argvText.split(/\s+/).slice(1);
    while (words.length && words[0].startsWith("-")) words.splice(0, words[0] === "-c" ? 2 : 1);
    let sub = words[0] ?? "?";
    if (sub === "worktree") sub = `worktree ${words[1]}`;
    if (sub === "update-ref" && words[1] === "--stdin") sub = "update-ref --stdin";
    if (sub === "rev-parse" || sub === "symbolic-ref" || sub === "check-ref-format") sub = "rev-parse etc.";
    const cols = exitLine.split("|").map((c) => c.trim());
    const ms = Number(cols[5]) * 1000; // elapsed column of the perf format
    const e = byCmd.get(sub) ?? { n: 0, ms: 0 };
    e.n++;
    e.ms += ms;
    byCmd.set(sub, e);
    top++;
    topMs += ms;
  }
  return { wall: r.wall, byCmd, top, topMs };
}

// ---------------------------------------------------------------------------------- 2. parallel group

async function parallel(cliInfo, n, repo = makeRepo(SIZES[0].files, parallelFlow(n)), label = `par${n}`) {
  const runs = [];
  for (let i = 1; i <= RUNS; i++) {
    const r = await runCli(cliInfo.cli, ["run", "--feature", `bench-${label}-${i}`, "--quiet"], repo);
    if (r.code !== 0) throw new Error(`parallel run failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    const run = readRun(repo, runIdOf(r));
    const step = run.status.steps[0];
    const s0 = Date.parse(step.started_at);
    const s1 = Date.parse(step.finished_at);
    const t0s = step.agents.map((a) => run.stamp(a.output, "t0"));
    const t1s = step.agents.map((a) => run.stamp(a.output, "t1"));
    const overlap = Math.min(...t1s) - Math.max(...t0s);
    runs.push({
      step: s1 - s0,
      stepRatio: (s1 - s0) / 1000,
      runRatio: r.wall / 1000,
      firstStart: Math.min(...t0s) - s0,
      lastStart: Math.max(...t0s) - s0,
      tail: s1 - Math.max(...t1s),
      allOverlap: overlap,
    });
    note(`${label} run ${i}: step ${fmt(s1 - s0)} ms, run ${fmt(r.wall)} ms`);
  }
  return { n, repo, runs };
}

/** The floor of a parallel group: n `sh -c 'sleep 1'` spawned at once from Node, wall until all exit. */
async function parallelFloor(n, rounds = 3) {
  const one = () =>
    new Promise((done, fail) => {
      const c = spawn("sh", ["-c", "sleep 1"], { stdio: "ignore" });
      c.on("error", fail);
      c.on("exit", done);
    });
  const xs = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = nowMs();
    await Promise.all(Array.from({ length: n }, one));
    xs.push(nowMs() - t0);
  }
  return median(xs);
}

/**
 * git's own floor for one step of a reused worktree, from Node (spawn included): `checkout --quiet
 * --force --detach` to a commit that differs by one file, `clean -ffd`, `status --porcelain`; medians
 * over rounds that alternate between two commits.
 */
async function stepFloor(repo, label, rounds) {
  const wt = join(tempDir(`agent-flow-bench-floor-${label}-`), "wt");
  const a = git(repo, "rev-parse", "HEAD");
  git(repo, "worktree", "add", "--quiet", "--detach", wt, a);
  writeFileSync(join(wt, "docs", "floor.txt"), "floor\n");
  git(wt, "add", "docs/floor.txt");
  git(wt, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "--quiet", "-m", "floor");
  const b = git(wt, "rev-parse", "HEAD");
  const rows = { checkout: [], clean: [], status: [] };
  for (let i = 0; i < rounds; i++) {
    rows.checkout.push(
      (await gitTimed(wt, ["checkout", "--quiet", "--force", "--detach", i % 2 ? b : a])).ms,
    );
    writeFileSync(join(wt, "docs", `floor-${i}.txt`), `${i}\n`); // an agent's write, for clean to remove
    rows.clean.push((await gitTimed(wt, ["clean", "-ffd", "--quiet"])).ms);
    rows.status.push((await gitTimed(wt, ["status", "--porcelain"])).ms);
  }
  git(repo, "worktree", "remove", "--force", wt);
  const parts = Object.fromEntries(Object.entries(rows).map(([k, xs]) => [k, median(xs)]));
  return { ...parts, total: parts.checkout + parts.clean + parts.status };
}

/**
 * Ages a repository as `h` earlier runs would: each gets the refs and the run folder that the newest run
 * in it left (copied under a new run id), so the refs under refs/agent-flow/ and docs/status/runs grow.
 */
function addHistory(repo, h) {
  const runs = readdirSync(join(repo, "docs/status/runs")).filter((n) => /^\d{8}-\d{6}-[0-9a-f]+$/.test(n));
  const model = runs.sort().at(-1);
  const refs = git(repo, "for-each-ref", "--format=%(objectname) %(refname)", `refs/agent-flow/${model}/`)
    .split("\n")
    .filter(Boolean)
    .map((l) => l.split(" "));
  const statusText = readFileSync(join(repo, "docs/status/runs", model, "pipeline_status.json"), "utf8");
  const lines = [];
  for (let i = 0; i < h; i++) {
    const id = `20200101-${String(Math.floor(i / 3600) % 24).padStart(2, "0")}${String(Math.floor(i / 60) % 60).padStart(2, "0")}${String(i % 60).padStart(2, "0")}-${(0x10000000 + i).toString(16)}`;
    for (const [oid, ref] of refs) lines.push(`create ${ref.replace(model, id)} ${oid}\n`);
    const dir = join(repo, "docs/status/runs", id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "pipeline_status.json"), statusText.replaceAll(model, id));
  }
  execFileSync("git", ["update-ref", "--stdin"], { cwd: repo, input: lines.join(""), maxBuffer: 1 << 28 });
  return { refs: lines.length, perRun: refs.length };
}

/**
 * Each command of `cmds` ({ argv, cwd, env, anyExit }) started n times, in turn: medians of wall and CPU
 * ms. sh runs node and reports its child's CPU time (`times`, 10 ms ticks); sh's own fork is in every
 * figure alike.
 */
async function coldStarts(cmds, n) {
  const runs = cmds.map(() => ({ wall: [], cpu: [] }));
  const script = '"$0" "$@" >/dev/null 2>&1 </dev/null; s=$?; times; exit $s';
  for (let i = 0; i < n; i++)
    for (const [k, c] of cmds.entries()) {
      const t0 = nowMs();
      const { code, out } = await new Promise((done, fail) => {
        const child = spawn("sh", ["-c", script, process.execPath, ...c.argv], {
          cwd: c.cwd,
          env: { ...CHILD_ENV, ...c.env },
          stdio: ["ignore", "pipe", "ignore"],
        });
        let text = "";
        child.stdout.on("data", (d) => {
          text += d;
        });
        child.on("error", fail);
        child.on("close", (status) => done({ code: status, out: text }));
      });
      const wall = nowMs() - t0;
      if (code !== 0 && !c.anyExit) throw new Error(`node ${c.argv.join(" ")} exited ${code}`);
      // second line: the children's user and system time
      const t = [...out.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60_000 + Number(m[2]) * 1000);
      runs[k].wall.push(wall);
      runs[k].cpu.push(t.length >= 4 ? t[2] + t[3] : Number.NaN);
    }
  return runs.map((r) => ({ wall: median(r.wall), cpu: median(r.cpu) }));
}

// ---------------------------------------------------------------------------------------- git helpers

/** git by absolute path, as the engine spawns it (no PATH probes in the floor either). */
const GIT_BIN = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim() || "git";

function gitTimed(cwd, args, opts = {}) {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(GIT_BIN, args, {
      cwd,
      env: { ...process.env, LC_ALL: "C", GIT_TERMINAL_PROMPT: "0", ...opts.env },
      stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("close", (code) => {
      if (code !== 0) fail(new Error(`git ${args.join(" ")}: ${err}`));
      else done({ out: out.replace(/\n$/, ""), ms: performance.now() - t0 });
    });
    if (child.stdin) child.stdin.end(opts.input);
  });
}

// ------------------------------------------------------------------------------------------------- main

const tStart = nowMs();
const cliInfo = prepareCli();
const scratch = tempDir("agent-flow-bench-cwd-");
git(scratch, "init", "--quiet");
note(`CLI: ${cliInfo.origin} (sha256 ${cliInfo.sha})`);
const load0 = loadavg()[0];
const startupBeforeXs = await startupCost(cliInfo.cli, scratch);
const startupBefore = median(startupBeforeXs);

const seq = [];
for (const size of SIZES) if (ONLY.has(size.label)) seq.push(await sequential(cliInfo, startupBefore, size));
const par = ONLY.has("par4") || ONLY.has("history") ? await parallel(cliInfo, 4) : undefined;
const par16 = ONLY.has("par16") ? await parallel(cliInfo, 16) : undefined;
const parFloor = { 4: await parallelFloor(4), 16: await parallelFloor(16) };
let aged;
if (HISTORY > 0 && ONLY.has("history")) {
  const added = addHistory(par.repo, HISTORY);
  note(`history: ${HISTORY} runs (${added.refs} refs) added`);
  aged = { ...(await parallel(cliInfo, 4, par.repo, `aged${HISTORY}`)), added };
}
const startupAfterXs = await startupCost(cliInfo.cli, scratch);
const startupAfter = median(startupAfterXs);
const startup = median([...startupBeforeXs, ...startupAfterXs]);
// net figures use the start-up measured around all runs
for (const s of seq) for (const r of s.runs) r.netPerStep = (r.wall - startup - r.agentSum) / s.size.k;
for (const s of seq) s.floor = await stepFloor(s.repo, s.size.label, s.size.files >= 10000 ? 5 : 9);

// Cold start: the CLI's --help and the action's validate against the yardstick (else node alone).
const emptyModule = join(scratch, "empty.mjs");
writeFileSync(emptyModule, "");
const actionBundle = join(dirname(dirname(cliInfo.cli)), "index.js");
let cold = { rows: [] };
if (ONLY.has("cold")) {
  const yardstick = YARDSTICK ? resolve(YARDSTICK) : undefined;
  if (yardstick && !existsSync(yardstick)) throw new Error(`no yardstick at ${yardstick}`);
  const bare = tempDir("agent-flow-bench-bare-");
  const cmds = [
    { name: "node", argv: [emptyModule], cwd: bare },
    { name: "cold start: agent-flow --help", argv: [cliInfo.cli, "--help"], cwd: scratch },
    { name: "  (not in the issue) --version", argv: [cliInfo.cli, "--version"], cwd: scratch },
    { name: "  (not in the issue) run --help", argv: [cliInfo.cli, "run", "--help"], cwd: scratch },
  ];
  if (yardstick) cmds.unshift({ name: "yardstick", argv: [yardstick], cwd: bare, anyExit: true });
  if (existsSync(actionBundle)) {
    const out = join(scratch, "github_output");
    const summary = join(scratch, "step_summary.md");
    writeFileSync(out, "");
    writeFileSync(summary, "");
    // With --only cold there is no repository yet: a small one with the same kind of flow.
    const repo = seq[0]?.repo ?? makeRepo(10, sequentialFlow(SIZES[0].k));
    const env = {
      INPUT_COMMAND: "validate",
      INPUT_FLOW: "agents/flow.yaml",
      GITHUB_OUTPUT: out,
      GITHUB_STEP_SUMMARY: summary,
    };
    const help = cmds.findIndex((c) => c.name.endsWith("--help"));
    cmds.splice(help + 1, 0, { name: "cold start: action validate", argv: [actionBundle], cwd: repo, env });
  }
  const figures = await coldStarts(cmds, COLD_RUNS);
  const at = (name) => figures[cmds.findIndex((c) => c.name === name)];
  cold = {
    yardstick: yardstick && { path: yardstick, bytes: statSync(yardstick).size, ...at("yardstick") },
    node: at("node"),
    rows: cmds
      .map((c, i) => ({ name: c.name, ...figures[i] }))
      .filter((r) => r.name !== "node" && r.name !== "yardstick"),
  };
}
const load1 = loadavg()[0];

// --------------------------------------------------------------------------------------------- report

log(
  `agent-flow engine benchmark  (node ${process.version}, ${git(scratch, "--version")}, ${RUNS} runs each, medians; load average ${load0.toFixed(1)} at start, ${load1.toFixed(1)} at end, ${cpus().length} cores)`,
);
log(`CLI: ${cliInfo.origin}, sha256 ${cliInfo.sha}, same as HEAD's committed bundle: ${cliInfo.committed}`);
log(
  `CLI start-up (node dist/cli/index.js ${STARTUP_ARGS.join(" ")}): ${fmt(startup)} ms  (before ${fmt(startupBefore)}, after ${fmt(startupAfter)})`,
);
log("");
log("Issue 12's table, each figure against its floor measured in this run (see the head of this file):");
const tableRows = [];
const verdict = (x, aim) => (Number.isFinite(x) ? (x <= aim ? "met" : "NOT met") : "n/a");
for (const s of seq) {
  const net = median(s.runs.map((r) => r.netPerStep));
  const ratio = net / s.floor.total;
  tableRows.push([
    `engine cost per step, ${s.nFiles.toLocaleString("en-US")} files`,
    `${fmt(net, 1)} ms`,
    `${fmt(s.floor.total, 1)} ms git step`,
    `${fmt(ratio, 2)}x`,
    `<= ${s.size.aim}x`,
    verdict(ratio, s.size.aim),
  ]);
}
for (const [p, aim] of [
  [par, AIM_PAR[4]],
  [par16, AIM_PAR[16]],
].filter(([p]) => p !== undefined)) {
  const step = median(p.runs.map((r) => r.step));
  const ratio = step / parFloor[p.n];
  tableRows.push([
    `parallel group of ${p.n} x 'sleep 1'`,
    `${fmt(step / 1000, 3)} s`,
    `${fmt(parFloor[p.n] / 1000, 3)} s ${p.n} x sh`,
    `${fmt(ratio, 2)}x`,
    `<= ${aim} s`,
    verdict(step / 1000, aim),
  ]);
}
if (aged) {
  const fresh = median(par.runs.map((r) => r.step));
  const old = median(aged.runs.map((r) => r.step));
  tableRows.push([
    `4 x 'sleep 1' after ${HISTORY.toLocaleString("en-US")} runs (${aged.added.refs.toLocaleString("en-US")} refs)`,
    `${fmt(old / 1000, 3)} s`,
    `${fmt(fresh / 1000, 3)} s fresh repo`,
    `${fmt(old / fresh, 2)}x`,
    `<= ${AIM_HISTORY}x`,
    verdict(old / fresh, AIM_HISTORY),
  ]);
}
for (const r of cold.rows) {
  const base = cold.yardstick ?? cold.node;
  const ratio = r.wall / base.wall;
  tableRows.push([
    r.name,
    `${fmt(r.wall)} ms`,
    cold.yardstick ? `${fmt(base.wall)} ms cpr bundle` : `${fmt(base.wall)} ms empty node`,
    `${fmt(ratio, 2)}x`,
    cold.yardstick ? `<= ${AIM_COLD}x` : `<= ${AIM_COLD}x of cpr`,
    !cold.yardstick ? "n/a" : r.name.startsWith("cold start") ? verdict(ratio, AIM_COLD) : "",
  ]);
}
const head = ["figure", "measured", "floor", "ratio", "aim", ""];
const widths = head.map((h, i) => Math.max(h.length, ...tableRows.map((r) => r[i].length)));
for (const r of [head, ...tableRows])
  log(`   ${r.map((c, i) => (i === 0 ? padR(c, widths[i]) : pad(c, widths[i]))).join("  ")}`);
if (cold.node) {
  const y = cold.yardstick;
  const cpu = (x) => `${fmt(x.cpu)} ms CPU`;
  log(
    y
      ? `   cold start, ${COLD_RUNS} starts each in turn: yardstick ${y.path} (${y.bytes.toLocaleString("en-US")} bytes) ${fmt(y.wall)} ms, ${cpu(y)}; node alone ${fmt(cold.node.wall)} ms, ${cpu(cold.node)}`
      : `   cold start: no --yardstick given (create-pull-request's dist/index.js, or the stand-in bench/yardstick.mjs builds): against node starting an empty module (${fmt(cold.node.wall)} ms, ${cpu(cold.node)}), no verdict`,
  );
  log(
    `   cold start, CPU (user + sys): ${cold.rows.map((r) => `${r.name.replace(/^ *\(not in the issue\) |^cold start: /, "")} ${fmt(r.cpu)} ms${y ? ` (${fmt(r.cpu / y.cpu, 2)}x)` : ""}`).join(", ")}`,
  );
}
for (const s of seq)
  log(
    `   git step floor, ${s.nFiles} files: checkout ${fmt(s.floor.checkout, 1)} + clean ${fmt(s.floor.clean, 1)} + status ${fmt(s.floor.status, 1)} ms`,
  );
log("");
log("1. Sequential agent steps (each agent: date > t0; date > docs/out-N.txt; date > t1)");
log(
  `   ${padR("repository", 12)} ${pad("K", 3)} ${pad("wall ms", 8)} ${pad("agents ms", 9)} ${pad("raw ms/step", 12)} ${pad("net ms/step", 12)}   (net = minus CLI start-up)`,
);
for (const s of seq) {
  const m = (f) => median(s.runs.map(f));
  log(
    `   ${padR(`${s.nFiles} files`, 12)} ${pad(s.size.k, 3)} ${pad(fmt(m((r) => r.wall)), 8)} ${pad(
      fmt(
        m((r) => r.agentSum),
        1,
      ),
      9,
    )} ${pad(
      fmt(
        m((r) => r.rawPerStep),
        1,
      ),
      12,
    )} ${pad(
      fmt(
        m((r) => r.netPerStep),
        1,
      ),
      12,
    )}`,
  );
}
log("");
log("   Breakdown, ms (median over runs; 'step 1' acquires a new worktree, 'steps 2..K' re-use it):");
log(
  "     run start:  spawn -> first step 'started' (node start-up, flow parse, run folder, workspace open and the first directory's warm-up, run lock, first save)",
);
log("     pre:        step 'started' -> 'attempt 1 started' (locks, status writes)");
log(
  "     acquire:    'attempt started' -> agent t0 (staging dir, prompt, checkout+clean unless the directory holds the base, fresh .git, fingerprint, agent started in its PID namespace)",
);
log(
  "     post:       agent t1 -> agent 'succeeded' (exit, fingerprint: metadata, then git status of the checkout beside the snapshot: one git status of the directory, changes staged and tree and commit written by the engine, output copied)",
);
log(
  "     combine:    agent 'succeeded' -> step 'succeeded' (combine, state blob + one ref transaction on the run's update-ref --stdin, status write)",
);
log("     between:    step 'succeeded' -> next step 'started'");
log("     run end:    last step 'succeeded' -> exit (pool slots handed back, latest switched, run lock)");
const phase = (rows, a, b) => median(rows.map((x) => x[b] - x[a]));
log(
  `   ${padR("repository", 12)} ${padR("", 11)} ${pad("pre", 6)} ${pad("acquire", 8)} ${pad("agent", 6)} ${pad("post", 6)} ${pad("combine", 8)} ${pad("between", 8)} ${pad("total", 6)}`,
);
for (const s of seq) {
  const k = s.size.k;
  const group = (pick) => {
    const per = s.runs.map((r) => {
      const rows = pick(r);
      const between = [];
      for (const row of rows) {
        const i = r.steps.indexOf(row);
        if (i + 1 < r.steps.length) between.push(r.steps[i + 1].stepStarted - row.stepFinished);
      }
      return {
        pre: phase(rows, "stepStarted", "attemptStarted"),
        acquire: phase(rows, "attemptStarted", "t0"),
        agent: phase(rows, "t0", "t1"),
        post: phase(rows, "t1", "agentFinished"),
        combine: phase(rows, "agentFinished", "stepFinished"),
        between: median(between),
      };
    });
    const out = {};
    for (const key of ["pre", "acquire", "agent", "post", "combine", "between"])
      out[key] = median(per.map((p) => p[key]));
    out.total = Object.values(out).reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
    return out;
  };
  for (const [name, pick] of [
    ["step 1", (r) => [r.steps[0]]],
    [`steps 2..${k}`, (r) => r.steps.slice(1)],
  ]) {
    const g = group(pick);
    log(
      `   ${padR(`${s.nFiles} files`, 12)} ${padR(name, 11)} ${pad(fmt(g.pre), 6)} ${pad(fmt(g.acquire), 8)} ${pad(fmt(g.agent), 6)} ${pad(fmt(g.post), 6)} ${pad(fmt(g.combine), 8)} ${pad(fmt(g.between), 8)} ${pad(fmt(g.total), 6)}`,
    );
  }
  log(
    `   ${padR(`${s.nFiles} files`, 12)} run start ${fmt(median(s.runs.map((r) => r.beforeFirstStep)))} ms (of which CLI start-up ~${fmt(startup)}), run end ${fmt(median(s.runs.map((r) => r.afterLastStep)))} ms`,
  );
}
for (const s of seq) {
  if (!s.trace) continue;
  const t = s.trace;
  log("");
  log(
    `   git commands of one traced run, ${s.nFiles} files, K=${s.size.k} (GIT_TRACE2_PERF, git's own elapsed time; wall of that run ${fmt(t.wall)} ms):`,
  );
  log(
    `   ${padR("command", 22)} ${pad("count", 6)} ${pad("total ms", 9)} ${pad("ms each", 8)} ${pad("ms/step", 8)}`,
  );
  const rows = [...t.byCmd].sort((a, b) => b[1].ms - a[1].ms);
  for (const [cmd, e] of rows)
    log(
      `   ${padR(cmd, 22)} ${pad(e.n, 6)} ${pad(fmt(e.ms), 9)} ${pad(fmt(e.ms / e.n, 1), 8)} ${pad(fmt(e.ms / s.size.k, 1), 8)}`,
    );
  log(
    `   ${padR("all git processes", 22)} ${pad(t.top, 6)} ${pad(fmt(t.topMs), 9)} ${pad("", 8)} ${pad(fmt(t.topMs / s.size.k, 1), 8)}   (git's own time; process start and Node's spawn come on top)`,
  );
}
log("");
log("2. Parallel groups of agents that each 'sleep 1' (parallel_max = group size, 1000-file repository)");
for (const p of [par, par16, aged].filter(Boolean)) {
  const pm = (f) => median(p.runs.map(f));
  log(
    `   ${p.n} agents${p === aged ? `, after ${HISTORY} runs` : ""}: step ${fmt(pm((r) => r.step))} ms (floor ${fmt(parFloor[p.n])} ms), whole run ${fmt(pm((r) => r.runRatio * 1000))} ms; first agent starts ${fmt(pm((r) => r.firstStart))} ms after the step starts, last at ${fmt(pm((r) => r.lastStart))}; the step ends ${fmt(pm((r) => r.tail))} ms after the last agent; per run: ${p.runs.map((r) => fmt(r.step)).join(", ")} ms`,
  );
}
log("");
log(`total bench time ${fmt((nowMs() - tStart) / 1000, 1)} s`);
