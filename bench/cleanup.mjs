#!/usr/bin/env node
// `agent-flow cleanup` on a repository with many old runs, against plain `rm -rf` of the same run folders
// (which leaves the refs, branches and snapshots behind: it is the floor, not an equivalent).
//
//   node bench/cleanup.mjs [--runs 10000] [--refs 3] [--cli PATH] [--profile DIR]   (KEEP=1 keeps the temp dir)
//
// Set-up (not measured): one real run through the CLI gives a valid status; N copies of its run folder
// get ids and `finished_at` 40 days old, each with R private refs under refs/agent-flow/<id>/ (packed, as
// a long-lived repository has them). The same tree is copied for the rm -rf baseline.
// Measured: the CLI's `cleanup --retention 7` wall time (process start included), `rm -rf` of the N
// folders, and a second cleanup pass (must remove nothing). Aim: cleanup under 5 s for 10,000 runs.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { arg, runCli, tempDir } from "./lib/cli.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const N = Number(arg("runs", 10000));
const R = Number(arg("refs", 3));
const AIM_S = 5;

/** The CLI from src/ (compiled as the tests do) unless --cli says otherwise: dist/ may predate cleanup. */
function cliPath() {
  const given = arg("cli", "");
  if (given) return resolve(given);
  const out = join(ROOT, "build", "test-src");
  execFileSync(
    join(ROOT, "node_modules", ".bin", "tsc"),
    [
      "-p",
      "tsconfig.build.json",
      "--outDir",
      out,
      "--incremental",
      "--tsBuildInfoFile",
      `${out}.tsbuildinfo`,
    ],
    { cwd: ROOT, stdio: "inherit" },
  );
  writeFileSync(join(out, "package.json"), JSON.stringify({ type: "module" }));
  return join(out, "cli", "index.js");
}

const git = (cwd, args, input) =>
  execFileSync("git", args, {
    cwd,
    input,
    encoding: "utf8",
    maxBuffer: 1 << 28,
    stdio: ["pipe", "pipe", "pipe"],
  });
const cli = async (CLI, cwd, args, nodeArgs = []) => {
  const r = await runCli(CLI, args, cwd, { AGENT_AUTO_CLEANUP: "false" }, nodeArgs);
  if (r.code !== 0) throw new Error(`agent-flow ${args.join(" ")} failed (${r.code}): ${r.stderr}`);
  return { ms: r.wall, stdout: r.stdout };
};
const hex8 = (i) => i.toString(16).padStart(8, "0");

const CLI = cliPath();
const PROFILE = arg("profile", "");
const tmp = tempDir("agent-flow-bench-cleanup-");
{
  const repo = join(tmp, "repo");
  mkdirSync(join(repo, "agents"), { recursive: true });
  git(repo, ["init", "--quiet", "--initial-branch=main"]);
  git(repo, ["config", "user.name", "bench"]);
  git(repo, ["config", "user.email", "bench@example.com"]);
  git(repo, ["config", "gc.auto", "0"]);
  writeFileSync(join(repo, ".gitignore"), "docs/status/\n.locks/\n.triggers/\n");
  writeFileSync(
    join(repo, "agents/flow.yaml"),
    "version: 1\nagents:\n  writer:\n    run: 'echo done > \"$AGENT_OUTPUT/report.md\"'\nworkflows:\n  idea_to_feature:\n    steps:\n      - agent: writer\n",
  );
  git(repo, ["add", "--all"]);
  git(repo, ["commit", "--quiet", "-m", "init"]);
  await cli(CLI, repo, ["run", "--feature", "seed", "--quiet"]);
  const runs = join(repo, "docs/status/runs");
  const [seed] = readdirSync(runs);
  const status = JSON.parse(readFileSync(join(runs, seed, "pipeline_status.json"), "utf8"));
  const head = git(repo, ["rev-parse", "HEAD"]).trim();

  process.stdout.write(`set-up: ${N} runs with ${R} refs each ... `);
  const old = new Date(Date.now() - 40 * 86_400_000);
  const day = old.toISOString().slice(0, 10).replaceAll("-", "");
  const ids = [];
  const creates = [];
  for (let i = 0; i < N; i++) {
    const hh = String(Math.floor(i / 3600) % 24).padStart(2, "0");
    const mm = String(Math.floor(i / 60) % 60).padStart(2, "0");
    const ss = String(i % 60).padStart(2, "0");
    const id = `${day}-${hh}${mm}${ss}-${hex8(i)}`;
    ids.push(id);
    const dir = join(runs, id);
    mkdirSync(join(dir, "writer"), { recursive: true });
    const s = { ...status, run_id: id, started_at: old.toISOString(), finished_at: old.toISOString() };
    writeFileSync(join(dir, "pipeline_status.json"), JSON.stringify(s, null, 2));
    writeFileSync(join(dir, "pipeline.log"), `${old.toISOString()} [run] finished\n`.repeat(20));
    writeFileSync(join(dir, "writer", "report.md"), "done\n");
    for (let r = 0; r < R; r++) creates.push(`create refs/agent-flow/${id}/r${r} ${head}\n`);
  }
  git(repo, ["update-ref", "--stdin"], creates.join(""));
  git(repo, ["pack-refs", "--all"]);
  const baseline = join(tmp, "baseline");
  cpSync(repo, baseline, { recursive: true, verbatimSymlinks: true });
  console.log("done");

  const t0 = process.hrtime.bigint();
  const rm = spawnSync("rm", ["-rf", ...ids.map((id) => join(baseline, "docs/status/runs", id))]);
  const rmMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (rm.status !== 0) throw new Error(`rm -rf failed: ${rm.stderr}`);

  const load = loadavg()[0].toFixed(2);
  // --profile DIR: a CPU profile of the measured cleanup (open it in Chrome's DevTools).
  const prof = PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${resolve(PROFILE)}`] : [];
  const first = await cli(CLI, repo, ["cleanup", "--retention", "7", "--json"], prof);
  const report = JSON.parse(first.stdout);
  const second = await cli(CLI, repo, ["cleanup", "--retention", "7", "--json"]);
  const left = readdirSync(runs).length;
  const refsLeft = git(repo, ["for-each-ref", "--count=5", "refs/agent-flow/"]).trim();
  const version = await cli(CLI, repo, ["--version"]);

  const runsRemoved = report.removed.filter((i) => i.kind === "run-folder").length;
  console.log(`cleanup: removed ${runsRemoved} run folders and ${N * R} refs, freed ${report.bytes} bytes`);
  console.log(
    `  agent-flow cleanup   ${(first.ms / 1000).toFixed(2)} s   (CLI start alone: ${(version.ms / 1000).toFixed(2)} s)`,
  );
  console.log(`  rm -rf (folders)     ${(rmMs / 1000).toFixed(2)} s`);
  console.log(`  ratio                ${(first.ms / rmMs).toFixed(2)}x rm -rf`);
  console.log(
    `  second pass          ${(second.ms / 1000).toFixed(2)} s, removed ${JSON.parse(second.stdout).removed.length}`,
  );
  console.log(
    `  left: ${left} run folder(s) (latest's run), ${refsLeft ? refsLeft.split("\n").length : 0}+ private ref(s) of the kept run`,
  );
  console.log(`  load average         ${load} at the start of the measured cleanup`);
  console.log(`verdict: ${first.ms / 1000 <= AIM_S ? "within" : "OVER"} the ${AIM_S} s aim for ${N} runs`);
}
