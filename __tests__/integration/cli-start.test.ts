import { existsSync, readdirSync } from "node:fs";
import module from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileCacheDir } from "../../src/cli/compile-cache.js";
import { tempDir } from "../helpers/cli.js";
import { loadedModules, own, packages } from "../helpers/loaded-modules.js";

const loaded = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  loadedModules("cli/index.js", args, cwd, env);

// The help's whole world: commander, the entry and the command tree, and what they print.
const HELP_MODULES = [
  "cli/compile-cache.js",
  // a run's flow worker is started from the entry (it loads nothing more until it is asked)
  "cli/flow-worker.js",
  "cli/index.js",
  "cli/main.js",
  "cli/output.js",
  "cli/version.js",
  "flow/default-file.js",
  "flow/diagnostics.js",
  "flow/env-variables.js",
  "lib/errors.js",
];

describe("CLI start-up loads only what the command needs", () => {
  const dir = tempDir();

  it("--help and a command's --help load commander and the command tree, no command's code", () => {
    for (const args of [["--help"], ["run", "--help"], ["validate", "--help"]]) {
      const r = loaded(args, dir);
      expect(r.code, args.join(" ")).toBe(0);
      expect(packages(r.modules), args.join(" ")).toEqual(["commander"]);
      expect(own(r.modules), args.join(" ")).toEqual(HELP_MODULES);
    }
  });

  it("--version loads neither commander nor the command tree", () => {
    const r = loaded(["--version"], dir);
    expect(r.code).toBe(0);
    expect(packages(r.modules)).toEqual([]);
    expect(own(r.modules)).not.toContain("cli/main.js");
  });

  it("run loads the engine but not Octokit until a pull request is opened", () => {
    // stops at the missing flow file, after the run command's modules are loaded
    const r = loaded(["run", "--flow", "missing.yaml"], dir);
    expect(r.code).toBe(1);
    expect(own(r.modules)).toContain("engine/local.js");
    expect(packages(r.modules)).toEqual(expect.arrayContaining(["yaml", "zod"]));
    expect(packages(r.modules).filter((p) => p.startsWith("@octokit/"))).toEqual([]);
    expect(own(r.modules)).not.toContain("github/client.js");
  });

  it("run checks the flow with zod/mini and loads neither init's nor the terminal view's code off a terminal", () => {
    const r = loaded(["run", "--flow", "missing.yaml"], dir);
    expect(r.code).toBe(1);
    const zod = r.modules.filter((m) => m.startsWith("node_modules/zod/"));
    // zod's classic API puts ~50 methods on every schema it builds, at every start
    expect(zod.filter((m) => m.includes("/v4/mini/")).length).toBeGreaterThan(0);
    expect(zod.filter((m) => m.includes("/v4/classic/"))).toEqual([]);
    // string-width builds an Intl.Segmenter (~20 ms, ~3 MB) at load: only the live view needs it
    expect(packages(r.modules)).not.toContain("string-width");
    for (const m of ["cli/flow-commands.js", "cli/init-prompts.js", "flow/init.js", "cli/table.js"])
      expect(own(r.modules)).not.toContain(m);
  });

  it("status, which reads no flow, does not build the flow's schemas", () => {
    const r = loaded(["status"], dir);
    expect(own(r.modules)).toContain("flow/schema.js");
    expect(own(r.modules)).not.toContain("flow/shape-schemas.js");
    expect(r.modules.filter((m) => m.startsWith("node_modules/zod/v4/classic/"))).toEqual([]);
  });
});

describe("the compile cache", () => {
  it("lives in the user's cache folder, never in the repository", () => {
    expect(compileCacheDir({ XDG_CACHE_HOME: "/x/cache", HOME: "/home/u" })).toBe(
      "/x/cache/agent-flow/compile-cache",
    );
    // a relative XDG_CACHE_HOME is invalid by the spec: ignored
    expect(compileCacheDir({ XDG_CACHE_HOME: "cache", HOME: "/home/u" })).toBe(
      "/home/u/.cache/agent-flow/compile-cache",
    );
  });

  const supported =
    typeof (module as unknown as { enableCompileCache?: unknown }).enableCompileCache === "function";
  // Node 22.8+ only (Node 20 has no module.enableCompileCache, and the CLI then caches nothing).
  it.skipIf(!supported)(
    "is written by a command and left alone by --version and NODE_DISABLE_COMPILE_CACHE",
    () => {
      const cwd = tempDir();
      const cacheHome = tempDir();
      const cache = join(cacheHome, "agent-flow", "compile-cache");
      expect(
        loaded(["--version"], cwd, { XDG_CACHE_HOME: cacheHome, NODE_DISABLE_COMPILE_CACHE: undefined }).code,
      ).toBe(0);
      expect(existsSync(cache)).toBe(false);
      expect(
        loaded(["--help"], cwd, { XDG_CACHE_HOME: cacheHome, NODE_DISABLE_COMPILE_CACHE: "1" }).code,
      ).toBe(0);
      expect(existsSync(cache)).toBe(false);
      expect(
        loaded(["--help"], cwd, { XDG_CACHE_HOME: cacheHome, NODE_DISABLE_COMPILE_CACHE: undefined }).code,
      ).toBe(0);
      expect(readdirSync(cache, { recursive: true }).length).toBeGreaterThan(0);
    },
  );
});
