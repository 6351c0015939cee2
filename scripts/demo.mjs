#!/usr/bin/env node
// The main job: copies examples/demo/repo to a temporary folder, makes it a git repository and runs
// the demo pipeline there with the committed CLI bundle, then says where to look.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const demo = join(root, "examples", "demo");
const top = realpathSync(mkdtempSync(join(tmpdir(), "agent-flow-demo-")));
const work = join(top, "repo");
const remote = join(top, "remote.git");
const git = (...args) => {
  const r = spawnSync("git", args, { cwd: work, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
};

cpSync(join(demo, "repo"), work, { recursive: true });
git("init", "--quiet", "--initial-branch=main");
git("config", "user.name", "agent-flow demo");
git("config", "user.email", "demo@agent-flow.local");
git("add", "--all");
git("commit", "--quiet", "--message", "demo app");
// A bare repository on disk stands in for GitHub: the commit step pushes the run's branch there.
spawnSync("git", ["init", "--quiet", "--bare", remote]);
git("remote", "add", "origin", remote);
git("push", "--quiet", "origin", "main");
console.log(`demo repository: ${work}\nits remote:      ${remote}\n`);

const feature = process.env.DEMO_FEATURE ?? "position-limit";
// The committed bundle by default; the tests point this at the CLI compiled from src/.
const cliBin = process.env.AGENT_FLOW_DEMO_CLI ?? join(root, "dist", "cli", "index.js");
const run = spawnSync(
  process.execPath,
  [cliBin, "run", "--feature", feature, "--request", join(demo, "request.md"), ...process.argv.slice(2)],
  { cwd: work, stdio: "inherit" },
);
console.log(
  `\nlook around:\n  cd ${work}\n  node ${cliBin} status latest\n  ls docs/status/runs/*/\n  git log --oneline --graph $(git for-each-ref --format='%(refname)' 'refs/agent-flow/*/head')`,
);
process.exitCode = run.status ?? 1;
