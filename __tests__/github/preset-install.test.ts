import { execFile, execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { legEnvironment } from "../../src/action/preset-install.js";
import type { Leg } from "../../src/engine/jobs/outputs.js";
import { loadFlowFile } from "../../src/flow/load.js";
import { presetNames, requirePreset } from "../../src/flow/presets/index.js";
import { type CliSpec, cliCacheKey, presetCli, withCliOnPath } from "../../src/flow/presets/install.js";
import { cacheJob } from "../helpers/cache-job-runner.js";
import { type CacheServer, startCacheServer } from "../helpers/cache-server.js";
import { PRESET_JOB_MODULES, ROOT, tempDir } from "../helpers/cli.js";

// A run-k leg's install of a preset CLI, through the same code path as the action (installCli with the
// real cache transport and the real @actions/cache client against the emulated cache service), with a
// tiny test-only package served by a local registry instead of a real CLI (those take minutes).

const NAME = "agent-flow-tiny-cli";
const run = promisify(execFile);
const JOB = join(ROOT, "__tests__", "helpers", "preset-install-job.mjs");

let cache: CacheServer;
let registry: Server;
let registryUrl: string;
let root: string;
let lockDir: string;
let genuine: Buffer;
let evil: Buffer;
/** Paths the registry was asked for. */
const fetched: string[] = [];
let jobs = 0;

function pack(dir: string, said: string): Buffer {
  mkdirSync(dir, { recursive: true });
  const manifest = { name: NAME, version: "1.0.0", bin: { "tiny-cli": "cli.js" } };
  writeFileSync(join(dir, "package.json"), JSON.stringify(manifest));
  writeFileSync(join(dir, "cli.js"), `#!/usr/bin/env node\nconsole.log(${JSON.stringify(said)});\n`, {
    mode: 0o755,
  });
  const file = execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: dir })
    .toString()
    .trim();
  return readFileSync(join(dir, file));
}

function npmEnv(home: string): Record<string, string> {
  const userconfig = join(root, "npmrc");
  writeFileSync(userconfig, "");
  return {
    PATH: process.env.PATH ?? "",
    HOME: home,
    npm_config_registry: `${registryUrl}/`,
    npm_config_userconfig: userconfig,
    // the cache emulator is the blob storage's proxy; the registry is reached directly
    npm_config_noproxy: "127.0.0.1",
    npm_config_update_notifier: "false",
  };
}

const spec = (preset: string): CliSpec => ({
  preset,
  package: NAME,
  version: "1.0.0",
  program: "tiny-cli",
  lockDir,
});

interface JobOutcome {
  installed?: { bin: string; key: string; restored: boolean; refused: boolean; saved: boolean };
  said?: string;
  ranError?: string;
  error?: string;
  log?: string[];
}

/** One leg on a fresh runner: its own workspace, temp and tool cache. */
function leg(s: CliSpec): Promise<JobOutcome> {
  const ws = join(root, `leg-${++jobs}`);
  for (const d of ["_temp", "_tool", "home"]) mkdirSync(join(ws, d), { recursive: true });
  const env = {
    ...npmEnv(join(ws, "home")),
    ...cache.env(),
    GITHUB_WORKSPACE: ws,
    RUNNER_TEMP: join(ws, "_temp"),
    RUNNER_TOOL_CACHE: join(ws, "_tool"),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [JOB, PRESET_JOB_MODULES, JSON.stringify(s)], {
      cwd: ws,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    child.once("close", (code) => {
      const last = /\nRESULT (.*)\n$/.exec(out);
      if (code !== 0 || !last?.[1]) reject(new Error(`leg exited ${code}\n${out}\n${err}`));
      else resolve(JSON.parse(last[1]) as JobOutcome);
    });
  });
}

beforeAll(async () => {
  root = tempDir("agent-flow-preset-install-");
  genuine = pack(join(root, "genuine"), "tiny-cli 1.0.0 genuine");
  evil = pack(join(root, "evil"), "tiny-cli 1.0.0 EVIL");
  expect(genuine.equals(evil)).toBe(false);
  registry = createServer((req, res) => {
    fetched.push(req.url ?? "");
    if (req.url === `/${NAME}/-/${NAME}-1.0.0.tgz`) {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.end(genuine);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => registry.listen(0, "127.0.0.1", r));
  registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;
  cache = await startCacheServer();
  // The committed form of a preset's lock: every tarball pinned by its integrity.
  lockDir = join(root, "lock");
  mkdirSync(lockDir);
  const manifest = { name: "agent-flow-cli-tiny", private: true, dependencies: { [NAME]: "1.0.0" } };
  writeFileSync(join(lockDir, "package.json"), JSON.stringify(manifest));
  const integrity = `sha512-${createHash("sha512").update(genuine).digest("base64")}`;
  const lock = {
    name: manifest.name,
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: manifest.name, dependencies: manifest.dependencies },
      [`node_modules/${NAME}`]: {
        version: "1.0.0",
        resolved: `${registryUrl}/${NAME}/-/${NAME}-1.0.0.tgz`,
        integrity,
        bin: { "tiny-cli": "cli.js" },
      },
    },
  };
  writeFileSync(join(lockDir, "package-lock.json"), JSON.stringify(lock, null, 2));
});

afterAll(async () => {
  await cache?.close();
  await new Promise((r) => registry?.close(r));
});

describe("a run-k leg installs its preset's CLI, caching npm's tarballs", () => {
  it("installs and saves on the first leg, restores without the registry on the next", async () => {
    const before = fetched.length;
    const first = await leg(spec("tiny"));
    expect(first.error).toBeUndefined();
    expect(first.installed).toMatchObject({ restored: false, refused: false, saved: true });
    expect(first.said).toBe("tiny-cli 1.0.0 genuine\n");
    expect(fetched.length).toBeGreaterThan(before);
    const key = cliCacheKey(
      spec("tiny"),
      process.platform,
      process.arch,
      readFileSync(join(lockDir, "package-lock.json"), "utf8"),
    );
    expect(first.installed?.key).toBe(key);
    expect(cache.entries().map((e) => e.key)).toContain(key);

    const seen = fetched.length;
    const second = await leg(spec("tiny"));
    expect(second.error).toBeUndefined();
    expect(second.installed).toMatchObject({ restored: true, refused: false, saved: false });
    expect(second.said).toBe("tiny-cli 1.0.0 genuine\n");
    expect(fetched.slice(seen)).toEqual([]);
    // Under the runner's tool cache, named by preset and version.
    expect(second.installed?.bin).toBe(
      join(root, `leg-${jobs}`, "_tool", "agent-flow", "tiny", "1.0.0", "cli", "node_modules", ".bin"),
    );
  });

  it("refuses an entry a hostile leg saved first, and installs from the registry instead", async () => {
    const s = spec("tiny-planted");
    const key = cliCacheKey(
      s,
      process.platform,
      process.arch,
      readFileSync(join(lockDir, "package-lock.json"), "utf8"),
    );
    // The hostile leg holds the cache token: it builds npm's cache for this lock, swaps the tarball's
    // bytes for its own, and saves it under the key before any genuine leg does.
    const work = join(root, "hostile");
    mkdirSync(work);
    for (const f of ["package.json", "package-lock.json"])
      writeFileSync(join(work, f), readFileSync(join(lockDir, f)));
    const npmCache = join(root, "hostile-cache");
    // Not execFileSync: the registry answers from this process.
    await run("npm", ["ci", "--cache", npmCache, "--no-audit", "--no-fund"], {
      cwd: work,
      env: npmEnv(join(root, "hostile")),
    });
    let swapped = 0;
    for (const f of readdirSync(npmCache, { recursive: true })) {
      const p = join(npmCache, String(f));
      if (statSync(p).isFile() && readFileSync(p).equals(genuine)) {
        writeFileSync(p, evil);
        swapped++;
      }
    }
    expect(swapped).toBe(1);
    const [planted] = await cacheJob(cache, root, [{ op: "save", key, dir: npmCache }]);
    expect(planted?.error).toBeUndefined();

    const seen = fetched.length;
    const got = await leg(s);
    expect(got.error).toBeUndefined();
    // npm checks the restored tarball against the lock's integrity, finds the swap and downloads it again.
    expect(got.installed).toMatchObject({ restored: true });
    expect(got.said).toBe("tiny-cli 1.0.0 genuine\n");
    expect(fetched.slice(seen)).toContain(`/${NAME}/-/${NAME}-1.0.0.tgz`);
    expect(got.log?.join("\n") ?? "").not.toContain("EVIL");
  });

  it("installs from the registry when a planted entry makes npm ci fail", async () => {
    const s = spec("tiny-junk");
    const key = cliCacheKey(
      s,
      process.platform,
      process.arch,
      readFileSync(join(lockDir, "package-lock.json"), "utf8"),
    );
    const junk = join(root, "junk");
    mkdirSync(junk);
    writeFileSync(join(junk, "_cacache"), "not a folder");
    const [planted] = await cacheJob(cache, root, [{ op: "save", key, dir: junk }]);
    expect(planted?.error).toBeUndefined();
    const got = await leg(s);
    expect(got.error).toBeUndefined();
    expect(got.installed).toMatchObject({ restored: true, refused: true, saved: false });
    expect(got.said).toBe("tiny-cli 1.0.0 genuine\n");
  });
});

describe("what a leg installs", () => {
  const refuse = (): never => {
    throw new Error("the cache was used");
  };
  const store = { save: refuse, restore: refuse, exists: refuse };
  const leg = (agent: string | null): Leg => ({
    seq: 1,
    step: "s",
    kind: agent ? "agent" : "check",
    index: 0,
    agent,
    lock: "",
    secrets: [],
    nonce: "n",
    name: "l",
  });

  it("nothing for a run: agent, a check, or a preset npm does not install", async () => {
    const { flow } = await loadFlowFile(join(ROOT, "examples", "demo", "repo", "agents", "flow.yaml"));
    if (!flow) throw new Error("the demo flow does not load");
    const env = { PATH: "/usr/bin" };
    const options = { store, env, log: () => undefined };
    expect(await legEnvironment(flow, leg("rm-planner"), options)).toBe(env);
    expect(await legEnvironment(flow, leg(null), options)).toBe(env);
    const agent = flow.agents["rm-planner"];
    if (!agent) throw new Error("no rm-planner");
    flow.agents["rm-planner"] = { ...agent, run: undefined, preset: "aider" };
    expect(await legEnvironment(flow, leg("rm-planner"), options)).toBe(env);
  });

  it("puts only the CLI's folder first on PATH", () => {
    expect(withCliOnPath({ PATH: "/usr/bin", HOME: "/h" }, "/t/bin")).toEqual({
      PATH: `/t/bin${delimiter}/usr/bin`,
      HOME: "/h",
    });
  });
});

describe("the committed locks pin what the presets and the tested CLIs pin", () => {
  const testClis = JSON.parse(
    readFileSync(join(ROOT, "__tests__", "agents", "clis", "package-lock.json"), "utf8"),
  ) as {
    packages: Record<string, { version?: string; integrity?: string }>;
  };
  for (const name of presetNames()) {
    it(name, () => {
      const s = presetCli(name, join(ROOT, "src", "flow", "presets", "locks"));
      const preset = requirePreset(name);
      if (preset.install.manager !== "npm") {
        expect(s).toBeNull();
        return;
      }
      expect(s).toMatchObject({ package: preset.install.package, version: preset.install.version });
      const lock = JSON.parse(
        readFileSync(join(s?.lockDir ?? "", "package-lock.json"), "utf8"),
      ) as typeof testClis;
      const pinned = lock.packages[`node_modules/${preset.install.package}`];
      expect(pinned?.version).toBe(preset.install.version);
      // The same tarball the agent tests ran.
      expect(pinned?.integrity).toBe(testClis.packages[`node_modules/${preset.install.package}`]?.integrity);
    });
  }
});
