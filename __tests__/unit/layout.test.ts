import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The code's layout as docs/architecture.md draws it: each top-level folder of src/ is one layer, and
 * a module imports only from its own layer or the ones below it, with no cycles.
 */
const LAYERS: Record<string, number> = { lib: 0, flow: 1, run: 2, github: 3, engine: 4, cli: 5, action: 5 };
/** Packages bound to the Actions runner: only the action's driver may import them. */
const RUNNER_BOUND = ["@actions/core", "@actions/cache"];

/**
 * The modules that run git: git.ts runs the process, git-ops.ts, git-objects.ts, git-worktree-ops.ts
 * (the agents' directories) and git-watch-ops.ts (the tamper fingerprint's reads) wrap it by intent.
 * Every other module calls those, never `Git.exec`/`Git.out` with an argument list of its own.
 */
const GIT_MODULES = [
  "engine/git.ts",
  "engine/git-ops.ts",
  "engine/git-objects.ts",
  "engine/git-worktree-ops.ts",
  "engine/git-watch-ops.ts",
];
/**
 * `x.exec([...])`, `x.out(args, ...)`: a git argument list handed to a Git object. A regex receiver
 * (`/re/.exec(s)`, `/re/s.exec(s)`) and the CLI's `io.out(text)` are not git.
 */
const RAW_GIT_CALL = /(?<![\w$/])(?!io\.)[\w$.]+\.(?:exec|out)\(\s*(?:\[|[A-Za-z_$][\w$]*\s*[,)])/;
/** A git process started directly, bypassing the pinned environment of git.ts. */
const GIT_SPAWN = /\b(?:spawn|spawnSync|execFile|execFileSync|exec|execSync)\(\s*["'`]git\b/;

const SRC = resolve(import.meta.dirname, "../../src");
const files = readdirSync(SRC, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith(".ts"));

function imports(file: string): { local: string[]; runtime: string[]; packages: string[] } {
  const text = readFileSync(join(SRC, file), "utf8");
  const found = [...text.matchAll(/^\s*(?:import|export)\b([^;]*?)from\s+"([^"]+)"/gms)].map((m) => ({
    typeOnly: /^\s*type\b/.test(m[1] as string),
    spec: m[2] as string,
  }));
  const local = (xs: typeof found): string[] =>
    xs
      .filter((x) => x.spec.startsWith("."))
      .map((x) => relative(SRC, resolve(dirname(join(SRC, file)), x.spec)).replace(/\.js$/, ".ts"));
  return {
    local: local(found),
    // Type-only imports vanish from the compiled code, so they cannot form a cycle at run time.
    runtime: local(found.filter((x) => !x.typeOnly)),
    packages: found.filter((x) => !x.spec.startsWith(".")).map((x) => x.spec),
  };
}

const graph = new Map(files.map((f) => [f, imports(f)]));

describe("the source layout", () => {
  it("has only the known top-level folders", () => {
    expect([...new Set(files.map((f) => f.split("/")[0]))].filter((d) => !((d as string) in LAYERS))).toEqual(
      [],
    );
  });

  it("imports only from the same layer or below", () => {
    const up: string[] = [];
    for (const [f, { local }] of graph)
      for (const t of local) {
        const from = LAYERS[f.split("/")[0] as string] ?? -1;
        const to = LAYERS[t.split("/")[0] as string] ?? 99;
        if (to > from || (to === from && f.split("/")[0] !== t.split("/")[0])) up.push(`${f} -> ${t}`);
      }
    expect(up).toEqual([]);
  });

  it("has no import cycles at run time", () => {
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (f: string, path: string[]): void => {
      if (state.get(f) === "done") return;
      if (state.get(f) === "open") {
        cycles.push([...path.slice(path.indexOf(f)), f].join(" -> "));
        return;
      }
      state.set(f, "open");
      for (const t of graph.get(f)?.runtime ?? []) visit(t, [...path, f]);
      state.set(f, "done");
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it("keeps the runner-bound packages in the action's driver", () => {
    const outside = [...graph]
      .filter(
        ([f, { packages }]) => !f.startsWith("action/") && packages.some((p) => RUNNER_BOUND.includes(p)),
      )
      .map(([f]) => f);
    expect(outside).toEqual([]);
  });

  it("runs git only through the git modules", () => {
    const raw = files
      .filter((f) => !GIT_MODULES.includes(f))
      .filter((f) => {
        const text = readFileSync(join(SRC, f), "utf8");
        return RAW_GIT_CALL.test(text) || GIT_SPAWN.test(text);
      });
    expect(raw).toEqual([]);
  });

  it("recognises a raw git call (so the check above can fail)", () => {
    expect(RAW_GIT_CALL.test('await git.exec(["push", remote], { allowFailure: true })')).toBe(true);
    expect(RAW_GIT_CALL.test("const r = await sub.out(\n    [\n      'ls-files',")).toBe(true);
    expect(RAW_GIT_CALL.test("await this.git.out(args, { input })")).toBe(true);
    expect(GIT_SPAWN.test('spawn("git", ["status"])')).toBe(true);
    expect(RAW_GIT_CALL.test("/^a(b)$/s.exec(entry)")).toBe(false);
    expect(RAW_GIT_CALL.test("io.out(text)")).toBe(false);
  });

  it("keeps the advisory locks in src/lib (src/run/locks.ts, while it exists, only re-exports them)", () => {
    expect(files).toContain("lib/locks/index.ts");
    if (files.includes("run/locks.ts")) {
      const code = readFileSync(join(SRC, "run/locks.ts"), "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "" && !l.trim().startsWith("//"));
      expect(code).toEqual(['export * from "../lib/locks/index.js";']);
    }
  });
});
