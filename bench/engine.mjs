#!/usr/bin/env node
// Orchestration overhead of the local engine, measured through the committed CLI bundle as a user runs it
// (`node dist/cli/index.js run --feature NAME --quiet`, non-TTY) on real git repositories in temp dirs.
// No assertions: prints medians and a verdict line per target.
//
//   1. K sequential agent steps, each changing one file, on a 1,000-file and a 20,000-file repository:
//      overhead/step = (wall from spawn to exit - sum of the agents' own time t1-t0) / K, raw and net of
//      the CLI start-up (`node dist/cli/index.js --version`); a per-phase breakdown from pipeline.log
//      timestamps and the agents' t0/t1; and, from one extra run with GIT_TRACE2_PERF, which git
//      commands the engine runs per step and how long git itself spends in each.
//   2. A parallel group of 4 agents that each `sleep 1` (parallel_max 4): step wall / 1 s, run wall / 1 s.
//   3. A replica, from Node, of the git commands one sequential step runs, timed one by one (spawn
//      included), next to a cheaper sequence that produces the same commit.
//
//   node bench/engine.mjs [--runs 3] [--small 1000] [--large 20000] [--k-small 10] [--k-large 5]
//                         [--cli PATH] [--no-trace] [--no-replica]          (KEEP=1 keeps the temp dirs)
//
// The machine is shared and noisy: every figure is a median. Repository creation is not measured.
// The CLI bundle is copied to a temp dir first, so a concurrent `npm run build` cannot pull it away
// mid-run; if dist/cli/index.js is missing, the committed one (git show HEAD:dist/cli/index.js) is used.
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const arg = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : dflt;
};
const RUNS = Number(arg("runs", 3));
const SIZES = [
  { label: "small", files: Number(arg("small", 1000)), k: Number(arg("k-small", 10)) },
  { label: "large", files: Number(arg("large", 20000)), k: Number(arg("k-large", 5)) },
];
const TARGET_STEP_MS = 50;
const TARGET_PAR_RATIO = 1.15;
const PAR_N = 4;

const nowMs = () => performance.timeOrigin + performance.now(); // wall clock, ms, sub-ms resolution
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

const temps = [];
const tempDir = (prefix) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
};
const cleanup = () => {
  if (process.env.KEEP === "1") {
    if (temps.length) process.stderr.write(`KEEP=1: kept ${temps.join(" ")}\n`);
    return;
  }
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
};
process.on("exit", cleanup);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(130));

const git = (cwd, ...args) =>
  execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 1 << 28,
  }).trim();

// ---------------------------------------------------------------------------------------------- the CLI

function prepareCli() {
  const dir = join(tempDir("agent-flow-bench-cli-"), "cli");
  mkdirSync(dir);
  const given = arg("cli", undefined);
  const src = given ? resolve(given) : join(ROOT, "dist/cli/index.js");
  let origin;
  if (existsSync(src)) {
    copyFileSync(src, join(dir, "index.js"));
    const pkg = join(dirname(src), "package.json");
    if (existsSync(pkg)) copyFileSync(pkg, join(dir, "package.json"));
    else writeFileSync(join(dir, "package.json"), '{"type":"module"}\n');
    origin = given ? src : "dist/cli/index.js";
  } else if (!given) {
    writeFileSync(join(dir, "index.js"), git(ROOT, "show", "HEAD:dist/cli/index.js"));
    writeFileSync(join(dir, "package.json"), git(ROOT, "show", "HEAD:dist/cli/package.json"));
    origin = "git show HEAD:dist/cli/index.js (dist/ is missing in the working tree)";
  } else throw new Error(`no CLI bundle at ${src}`);
  const cli = join(dir, "index.js");
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

const CHILD_ENV = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: "C" };

/** Spawns the CLI; resolves with wall time from just before spawn to the child's exit. */
function runCli(cli, args, cwd, extraEnv = {}) {
  return new Promise((done, fail) => {
    const t0 = nowMs();
    const child = spawn(process.execPath, [cli, ...args], {
      cwd,
      env: { ...CHILD_ENV, ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", fail);
    child.on("exit", (code) => {
      const t1 = nowMs();
      // pipes may still hold the last bytes: wait for close before reading them
      child.once("close", () => done({ code, stdout, stderr, t0, t1, wall: t1 - t0 }));
    });
  });
}

async function startupCost(cli, cwd, n = 7) {
  const xs = [];
  for (let i = 0; i < n; i++) xs.push((await runCli(cli, ["--version"], cwd)).wall);
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
    const words = argvText.split(/\s+/);
    let sub = words[1] ?? "?";
    if (sub === "worktree") sub = `worktree ${words[2]}`;
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

async function parallel(cliInfo) {
  const repo = makeRepo(SIZES[0].files, parallelFlow(PAR_N));
  const runs = [];
  for (let i = 1; i <= RUNS; i++) {
    const r = await runCli(cliInfo.cli, ["run", "--feature", `bench-par-${i}`, "--quiet"], repo);
    if (r.code !== 0) throw new Error(`parallel run failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    const run = readRun(repo, runIdOf(r));
    const step = run.status.steps[0];
    const s0 = Date.parse(step.started_at);
    const s1 = Date.parse(step.finished_at);
    const t0s = step.agents.map((a) => run.stamp(a.output, "t0"));
    const t1s = step.agents.map((a) => run.stamp(a.output, "t1"));
    const overlap = Math.min(...t1s) - Math.max(...t0s);
    runs.push({
      stepRatio: (s1 - s0) / 1000,
      runRatio: r.wall / 1000,
      firstStart: Math.min(...t0s) - s0,
      lastStart: Math.max(...t0s) - s0,
      tail: s1 - Math.max(...t1s),
      allOverlap: overlap,
    });
    note(`parallel run ${i}: step ${fmt(s1 - s0)} ms, run ${fmt(r.wall)} ms`);
  }
  return { runs };
}

// ------------------------------------------------------------------------------------------ 3. replica

function gitTimed(cwd, args, opts = {}) {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn("git", args, {
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

const ENGINE_ID = {
  GIT_AUTHOR_NAME: "agent-flow",
  GIT_AUTHOR_EMAIL: "agent-flow@localhost",
  GIT_COMMITTER_NAME: "agent-flow",
  GIT_COMMITTER_EMAIL: "agent-flow@localhost",
};
const EXCLUDES = [":(exclude)docs/status", ":(exclude).locks", ":(exclude).triggers"];

/**
 * The engine's git sequence for one single-agent step, timed command by command from Node (spawn
 * included), interleaved round by round with two cheaper sequences that make the same commit:
 *   today: workspace.acquire on a pooled worktree (checkout --force + clean), snapshot (read-tree into a
 *          fresh index, add --all, write-tree, diff of trees), commit-tree, runAgent's update-ref and
 *          execute's two update-refs.
 *   B:     snapshot from a copy of the worktree's own index (its stat data is valid, so add hashes only
 *          what changed and write-tree re-uses the cache-tree), changed paths from diff-index --cached,
 *          and the three refs plus the worktree's HEAD in one `update-ref --stdin` run in the worktree;
 *          the snapshot index then becomes the worktree's index.
 *   C:     B, but no checkout/clean: after an accepted step the worktree already holds exactly that
 *          commit (B left its index and HEAD in sync), so the next step starts there as is.
 */
async function replica(repo, label, rounds) {
  const common = git(repo, "rev-parse", "--absolute-git-dir");
  const wt = join(common, "agent-flow", `bench-replica-${label}`);
  let head = git(repo, "rev-parse", "HEAD");
  await gitTimed(repo, ["worktree", "add", "--detach", "--force", wt, head]);
  const wtGitDir = git(wt, "rev-parse", "--absolute-git-dir");
  const variants = { today: new Map(), B: new Map(), C: new Map() };
  const add = (m, k, ms) => m.set(k, [...(m.get(k) ?? []), ms]);
  let n = 0;
  const agent = () => writeFileSync(join(wt, "docs", `replica-${++n}.txt`), `${n}\n`);
  const refs = (c) =>
    ["agents/a", "result", "head"].map((r) => `update refs/agent-flow/bench-replica/${label}/${r} ${c}\n`);
  for (let i = 0; i < rounds; i++) {
    {
      const m = variants.today;
      let r = await gitTimed(wt, ["checkout", "--force", "--detach", head]);
      add(m, "checkout --force --detach", r.ms);
      r = await gitTimed(wt, ["clean", "-ffd", "--quiet"]);
      add(m, "clean -ffd", r.ms);
      agent();
      const idx = join(common, "agent-flow", `index-replica-${label}`);
      const env = { GIT_INDEX_FILE: idx };
      r = await gitTimed(wt, ["read-tree", head], { env });
      add(m, "read-tree (fresh index)", r.ms);
      r = await gitTimed(wt, ["add", "--all", "--", ".", ...EXCLUDES], { env });
      add(m, "add --all", r.ms);
      r = await gitTimed(wt, ["write-tree"], { env });
      add(m, "write-tree", r.ms);
      const tree = r.out;
      r = await gitTimed(repo, ["diff", "--name-only", "--no-renames", "-z", `${head}^{tree}`, tree]);
      add(m, "changed paths", r.ms);
      r = await gitTimed(repo, ["commit-tree", tree, "-p", head], { input: "bench\n", env: ENGINE_ID });
      add(m, "commit-tree", r.ms);
      head = r.out;
      let sum = 0;
      for (const line of refs(head)) {
        const [, ref, c] = line.trim().split(" ");
        sum += (await gitTimed(repo, ["update-ref", ref, c])).ms;
      }
      add(m, "refs", sum);
      rmSync(idx, { force: true });
    }
    for (const v of ["B", "C"]) {
      const m = variants[v];
      let r;
      if (v === "B") {
        r = await gitTimed(wt, ["checkout", "--force", "--detach", head]);
        add(m, "checkout --force --detach", r.ms);
        r = await gitTimed(wt, ["clean", "-ffd", "--quiet"]);
        add(m, "clean -ffd", r.ms);
      } else {
        add(m, "checkout --force --detach", 0);
        add(m, "clean -ffd", 0);
      }
      agent();
      const idx = join(wtGitDir, "index.agent-flow-snapshot");
      const env = { GIT_INDEX_FILE: idx };
      let t = performance.now();
      copyFileSync(join(wtGitDir, "index"), idx);
      add(m, "read-tree (fresh index)", performance.now() - t); // row shared with 'today': the fs copy here
      r = await gitTimed(wt, ["add", "--all", "--", ".", ...EXCLUDES], { env });
      add(m, "add --all", r.ms);
      r = await gitTimed(wt, ["write-tree"], { env });
      add(m, "write-tree", r.ms);
      const tree = r.out;
      r = await gitTimed(wt, ["diff-index", "--cached", "--name-only", "--no-renames", "-z", head], { env });
      add(m, "changed paths", r.ms);
      r = await gitTimed(repo, ["commit-tree", tree, "-p", head], { input: "bench\n", env: ENGINE_ID });
      add(m, "commit-tree", r.ms);
      const prev = head;
      head = r.out;
      r = await gitTimed(wt, ["update-ref", "--stdin"], {
        input: [`update HEAD ${head} ${prev}\n`, ...refs(head)].join(""),
      });
      t = performance.now();
      renameSync(idx, join(wtGitDir, "index"));
      add(m, "refs", r.ms + performance.now() - t);
    }
  }
  await gitTimed(repo, ["worktree", "remove", "--force", wt]);
  const rows = (m) => [...m].map(([k, xs]) => [k, median(xs)]);
  const sum = (rs) => rs.reduce((s, [, v]) => s + v, 0);
  const out = {};
  for (const [k, m] of Object.entries(variants)) out[k] = { rows: rows(m), total: sum(rows(m)) };
  const v = [];
  for (let i = 0; i < 7; i++) v.push((await gitTimed(repo, ["--version"])).ms);
  out.spawn = median(v);
  out.rounds = rounds;
  return out;
}

// ------------------------------------------------------------------------------------------------- main

const tStart = nowMs();
const cliInfo = prepareCli();
const scratch = tempDir("agent-flow-bench-cwd-");
git(scratch, "init", "--quiet");
note(`CLI: ${cliInfo.origin} (sha256 ${cliInfo.sha})`);
const startupBeforeXs = await startupCost(cliInfo.cli, scratch);
const startupBefore = median(startupBeforeXs);

const seq = [];
for (const size of SIZES) seq.push(await sequential(cliInfo, startupBefore, size));
const par = await parallel(cliInfo);
const startupAfterXs = await startupCost(cliInfo.cli, scratch);
const startupAfter = median(startupAfterXs);
const startup = median([...startupBeforeXs, ...startupAfterXs]);
// net figures use the start-up measured around all runs
for (const s of seq) for (const r of s.runs) r.netPerStep = (r.wall - startup - r.agentSum) / s.size.k;

const rep = [];
if (!flag("no-replica"))
  for (const s of seq) rep.push({ s, r: await replica(s.repo, s.size.label, s.size.files >= 10000 ? 3 : 7) });

// --------------------------------------------------------------------------------------------- report

log(
  `agent-flow engine benchmark  (node ${process.version}, ${git(scratch, "--version")}, ${RUNS} runs each, medians)`,
);
log(`CLI: ${cliInfo.origin}, sha256 ${cliInfo.sha}, same as HEAD's committed bundle: ${cliInfo.committed}`);
log(
  `CLI start-up (node dist/cli/index.js --version): ${fmt(startup)} ms  (before ${fmt(startupBefore)}, after ${fmt(startupAfter)})`,
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
log("     run start:  spawn -> first step 'started' (node start-up, prepareRun, run lock, worktree prune)");
log("     pre:        step 'started' -> 'attempt 1 started' (locks, status writes)");
log(
  "     acquire:    'attempt started' -> agent t0 (staging dirs, worktree add or checkout+clean, spawn sh)",
);
log(
  "     post:       agent t1 -> agent 'succeeded' (exit, snapshot: read-tree+add+write-tree+diff, commit-tree, update-ref, cp output)",
);
log("     combine:    agent 'succeeded' -> step 'succeeded' (combine, 2 x update-ref, status write)");
log("     between:    step 'succeeded' -> next step 'started'");
log("     run end:    last step 'succeeded' -> exit (worktree remove + prune, latest snapshot, run lock)");
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
log(
  `2. Parallel group of ${PAR_N} agents, each 'sleep 1' (parallel_max ${PAR_N}, ${SIZES[0].files}-file repository)`,
);
const pm = (f) => median(par.runs.map(f));
log(
  `   step wall / 1 s: ${fmt(
    pm((r) => r.stepRatio),
    3,
  )}   whole run wall / 1 s: ${fmt(
    pm((r) => r.runRatio),
    3,
  )} (net of CLI start-up ${fmt(pm((r) => r.runRatio) - startup / 1000, 3)})`,
);
log(
  `   inside the step (ms from step start): first agent starts at ${fmt(pm((r) => r.firstStart))}, last at ${fmt(pm((r) => r.lastStart))}; step ends ${fmt(pm((r) => r.tail))} after the last agent ends; all 4 overlap for ${fmt(pm((r) => r.allOverlap))} ms`,
);
log(
  `   per run: ${par.runs.map((r) => fmt(r.stepRatio, 3)).join(", ")} (step)  ${par.runs.map((r) => fmt(r.runRatio, 3)).join(", ")} (run)`,
);
if (rep.length) {
  log("");
  log(
    "3. Replica from Node of one sequential step's git commands (ms per command incl. spawn, median over rounds)",
  );
  log(
    "   today: what the engine runs now; B: snapshot from a copy of the worktree's index + diff-index + one",
  );
  log("   'update-ref --stdin' (3 refs + worktree HEAD), snapshot index kept as the worktree's index;");
  log("   C: B without checkout/clean (the worktree already holds the previous step's commit)");
  const label = {
    "checkout --force --detach": "checkout --force --detach",
    "clean -ffd": "clean -ffd",
    "read-tree (fresh index)": "read-tree | B,C: copy index (fs)",
    "add --all": "add --all",
    "write-tree": "write-tree",
    "changed paths": "diff trees | B,C: diff-index",
    "commit-tree": "commit-tree",
    refs: "3 x update-ref | B,C: --stdin",
  };
  for (const { s, r } of rep) {
    log(`   ${s.nFiles} files, ${r.rounds} rounds   (spawn floor: 'git --version' ${fmt(r.spawn, 1)} ms)`);
    log(`     ${padR("", 34)} ${pad("today", 7)} ${pad("B", 7)} ${pad("C", 7)}`);
    for (const [i, [k, v]] of r.today.rows.entries())
      log(
        `     ${padR(label[k] ?? k, 34)} ${pad(fmt(v, 1), 7)} ${pad(fmt(r.B.rows[i][1], 1), 7)} ${pad(fmt(r.C.rows[i][1], 1), 7)}`,
      );
    log(
      `     ${padR("total", 34)} ${pad(fmt(r.today.total, 1), 7)} ${pad(fmt(r.B.total, 1), 7)} ${pad(fmt(r.C.total, 1), 7)}`,
    );
    log(`     ${padR("git processes per step", 34)} ${pad(10, 7)} ${pad(7, 7)} ${pad(5, 7)}`);
  }
}
log("");
const small = seq[0];
const smallNet = median(small.runs.map((r) => r.netPerStep));
const smallRaw = median(small.runs.map((r) => r.rawPerStep));
log(
  `target: < ${TARGET_STEP_MS} ms/step on ${small.nFiles.toLocaleString("en-US")} files: ${smallNet < TARGET_STEP_MS ? "MET" : "NOT MET"} (${fmt(smallNet, 1)} ms net of CLI start-up; ${fmt(smallRaw, 1)} ms raw)`,
);
const ratio = pm((r) => r.stepRatio);
log(
  `target: parallel group of ${PAR_N} x 'sleep 1' < ${TARGET_PAR_RATIO} x 1 s: ${ratio < TARGET_PAR_RATIO ? "MET" : "NOT MET"} (${fmt(ratio, 3)})`,
);
const large = seq[1];
log(
  `info: ${large.nFiles.toLocaleString("en-US")} files: ${fmt(median(large.runs.map((r) => r.netPerStep)), 1)} ms/step net (${fmt(median(large.runs.map((r) => r.rawPerStep)), 1)} raw); no target set`,
);
log(`total bench time ${fmt((nowMs() - tStart) / 1000, 1)} s`);
