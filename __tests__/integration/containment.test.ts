// Which containment a run gets, and that it says so: in pipeline.log, as a warning when `auto` falls
// back to the weaker process-tree mode, and in `agent-flow doctor`.
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI, cli, tempDir } from "../helpers/cli.js";
import { makeRepo } from "../helpers/repo.js";
import { cliForOthers } from "../helpers/unprivileged.js";

const FLOW = `version: 1
agents:
  a:
    run: 'mkdir -p src; echo ok > src/ok.js'
    writes: [src/**]
workflows:
  idea_to_feature:
    steps:
      - agent: a
`;

const which = (name: string): string =>
  spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).stdout.trim();

describe.skipIf(process.platform !== "linux")("containment: chosen and said", () => {
  /** A PATH with what the engine and the agent need, but no util-linux (no setpriv, no unshare). */
  let bare = "";
  beforeAll(() => {
    bare = tempDir();
    for (const name of ["node", "git", "sh", "mkdir"]) symlinkSync(which(name), join(bare, name));
  });

  it("auto without unshare falls back to process-tree, warns with the reason, and writes it to pipeline.log", () => {
    const repo = makeRepo({ "agents/flow.yaml": FLOW });
    const r = cli(["run", "--feature", "fallback"], { cwd: repo, env: { PATH: bare } });
    expect(r.code, r.stderr).toBe(0);
    const why = "containment: process-tree, because setpriv and unshare (util-linux) are not both on PATH";
    expect(r.stdout).toContain(`[warning] ${why}`);
    const [id] = readdirSync(join(repo, "docs/status/runs"));
    expect(readFileSync(join(repo, "docs/status/runs", id as string, "pipeline.log"), "utf8")).toContain(why);
    const doctor = cli(["doctor"], { cwd: repo, env: { PATH: bare } });
    expect(doctor.stdout + doctor.stderr).toContain(why);
  });

  it("AGENT_FLOW_CONTAINMENT=pid-namespace where none can be made refuses, saying why", () => {
    const repo = makeRepo({ "agents/flow.yaml": FLOW });
    const r = cli(["run", "--feature", "strict"], {
      cwd: repo,
      env: { PATH: bare, AGENT_FLOW_CONTAINMENT: "pid-namespace" },
    });
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain(
      "AGENT_FLOW_CONTAINMENT=pid-namespace, but setpriv and unshare (util-linux) are not both on PATH",
    );
  });

  it("doctor run by an unprivileged user names the user-namespace mode", () => {
    const asRoot = process.getuid?.() === 0;
    const repo = makeRepo({ "agents/flow.yaml": FLOW });
    const home = tempDir();
    if (asRoot) execFileSync("chown", ["-R", "65534:65534", repo, home]);
    const prefix = asRoot ? [which("setpriv"), "--reuid=65534", "--regid=65534", "--clear-groups", "--"] : [];
    const argv = [...prefix, process.execPath, asRoot ? cliForOthers() : CLI, "doctor"];
    const r = spawnSync(argv[0] as string, argv.slice(1), {
      cwd: repo,
      env: { PATH: process.env.PATH, HOME: home },
      encoding: "utf8",
    });
    const out = r.stdout + r.stderr;
    const probe = [
      ...prefix,
      "unshare",
      "--user",
      "--map-current-user",
      "--pid",
      "--fork",
      "--mount-proc",
      "true",
    ];
    const userns = spawnSync(probe[0] as string, probe.slice(1)).status === 0;
    if (userns) expect(out).toContain("containment: pid-namespace inside a user namespace");
    else expect(out).toMatch(/containment: process-tree, because no PID namespace could be made/);
  });
});
