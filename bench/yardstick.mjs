#!/usr/bin/env node
// Builds the yardstick of issue 12's cold-start row: a stand-in for create-pull-request's bundle
// (peter-evans/create-pull-request, dist/index.js: 1,854,246 bytes, a CommonJS ncc bundle plus one chunk,
// 790.index.js), for machines that cannot fetch the real one. None of its code is used: the stand-in is
// an entry of our own that loads the same npm packages, at the same top level, and reads its inputs the
// same way as its main does:
//
//   main            @actions/core, util.inspect; reads ~20 inputs with getInput / getBooleanInput
//   git commands    @actions/exec, @actions/io
//   branch          uuid
//   GitHub client   @octokit/core + plugin-paginate-rest, plugin-rest-endpoint-methods, plugin-throttling
//                   (bottleneck), node-fetch-native/proxy as the fetch; Octokit.plugin(...) at load
//   pull request    p-limit (yocto-queue); pLimit(8) at load
//
// bundled with @vercel/ncc as create-pull-request does (`ncc build`, not minified), from the versions its
// 7.x releases pin. The packages come from the npm registry into DIR (outside the repository):
//
//   node bench/yardstick.mjs [--dir DIR]        (default: $TMPDIR/agent-flow-yardstick)
//   node bench/engine.mjs --only cold --yardstick DIR/dist/index.js
//
// With the real bundle at hand, pass its dist/index.js to --yardstick instead.
import { execFileSync } from "node:child_process";
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const argv = process.argv.slice(2);
const at = argv.indexOf("--dir");
const dir = resolve(at >= 0 && argv[at + 1] ? argv[at + 1] : join(tmpdir(), "agent-flow-yardstick"));

const PACKAGES = {
  "@actions/core": "1.11.1",
  "@actions/exec": "1.1.1",
  "@octokit/core": "6.1.6",
  "@octokit/plugin-paginate-rest": "11.6.0",
  "@octokit/plugin-rest-endpoint-methods": "13.5.0",
  "@octokit/plugin-throttling": "9.6.1",
  "node-fetch-native": "1.6.7",
  "p-limit": "6.2.0",
  uuid: "9.0.1",
};
const NCC = "0.38.4";

// CommonJS, as tsc compiles create-pull-request's src/ before ncc bundles it.
const SOURCES = {
  "main.js": `const core = require("@actions/core");
const { inspect } = require("util");
const { openPullRequest } = require("./pull-request");
const { inputList, errorMessage } = require("./inputs");

async function run() {
  try {
    const inputs = {
      token: core.getInput("token"),
      branchToken: core.getInput("branch-token"),
      path: core.getInput("path"),
      addPaths: inputList("add-paths"),
      commitMessage: core.getInput("commit-message"),
      committer: core.getInput("committer"),
      author: core.getInput("author"),
      signoff: core.getBooleanInput("signoff"),
      branch: core.getInput("branch"),
      deleteBranch: core.getBooleanInput("delete-branch"),
      branchSuffix: core.getInput("branch-suffix"),
      base: core.getInput("base"),
      pushToFork: core.getInput("push-to-fork"),
      signCommits: core.getBooleanInput("sign-commits"),
      title: core.getInput("title"),
      body: core.getInput("body"),
      bodyPath: core.getInput("body-path"),
      labels: inputList("labels"),
      assignees: inputList("assignees"),
      reviewers: inputList("reviewers"),
      teamReviewers: inputList("team-reviewers"),
      milestone: Number(core.getInput("milestone")),
      draft: core.getBooleanInput("draft"),
      maintainerCanModify: core.getBooleanInput("maintainer-can-modify"),
    };
    core.debug("Inputs: " + inspect(inputs));
    await openPullRequest(inputs);
  } catch (error) {
    core.setFailed(errorMessage(error));
  }
}
run();
`,
  "inputs.js": `const core = require("@actions/core");
exports.inputList = (name) =>
  core.getInput(name).split(/[\\n,]+/).map((s) => s.trim()).filter((s) => s !== "");
exports.errorMessage = (e) => (e instanceof Error ? e.message : String(e));
`,
  "git.js": `const exec = require("@actions/exec");
const io = require("@actions/io");
const { v4 } = require("uuid");
exports.git = async (cwd) => {
  const bin = await io.which("git", true);
  return {
    run: (args) => exec.getExecOutput(bin, args, { cwd }),
    tempBranch: () => v4(),
  };
};
`,
  "client.js": `const core = require("@actions/core");
const { Octokit } = require("@octokit/core");
const { paginateRest } = require("@octokit/plugin-paginate-rest");
const { restEndpointMethods } = require("@octokit/plugin-rest-endpoint-methods");
const { throttling } = require("@octokit/plugin-throttling");
const { fetch } = require("node-fetch-native/proxy");
const proxyFetch = (octokit) => octokit.hook.before("request", (options) => { options.request.fetch = fetch; });
exports.Client = Octokit.plugin(paginateRest, restEndpointMethods, throttling, proxyFetch);
exports.throttle = {
  onRateLimit: (after, options, _octokit, retries) => { core.debug("rate limited: " + options.url); return retries < 2; },
  onSecondaryRateLimit: (after, options) => core.warning("secondary rate limit: " + options.url),
};
`,
  "pull-request.js": `const core = require("@actions/core");
const pLimit = require("p-limit").default;
const { Client, throttle } = require("./client");
const { git } = require("./git");
const uploads = pLimit(8);
exports.openPullRequest = async (inputs) => {
  const repo = await git(process.env.GITHUB_WORKSPACE || ".");
  const client = new Client({ auth: inputs.token, throttle });
  core.startGroup("Create or update the pull request branch");
  await repo.run(["checkout", "-B", repo.tempBranch(), "HEAD"]);
  core.endGroup();
  const [owner, name] = (process.env.GITHUB_REPOSITORY || "/").split("/");
  await uploads(() => client.rest.pulls.create({ owner, repo: name, head: inputs.branch, base: inputs.base, title: inputs.title }));
};
`,
};

mkdirSync(join(dir, "src"), { recursive: true });
writeFileSync(
  join(dir, "package.json"),
  `${JSON.stringify({ name: "cpr-yardstick", private: true, dependencies: PACKAGES, devDependencies: { "@vercel/ncc": NCC } }, null, 2)}\n`,
);
for (const [name, text] of Object.entries(SOURCES)) writeFileSync(join(dir, "src", name), text);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: dir, stdio: ["ignore", "inherit", "inherit"] });
run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"]);
run(join(dir, "node_modules", ".bin", "ncc"), ["build", "src/main.js", "-o", "dist", "--quiet"]);
const bundle = join(dir, "dist", "index.js");
process.stdout.write(
  `${bundle}: ${statSync(bundle).size.toLocaleString("en-US")} bytes (create-pull-request's: 1,854,246)\n` +
    `node bench/engine.mjs --only cold --yardstick ${bundle}\n`,
);
