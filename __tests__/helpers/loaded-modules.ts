import { spawnSync } from "node:child_process";
import { join, relative } from "node:path";
import { BASE_ENV, ROOT, SRC_BUILD } from "./cli.js";

// What a command loads at start (issue 12's cold start): src/ compiled module by module (not the
// one-file test bundle), with a loader hook that names every module Node loads.
const HOOKS = `data:text/javascript,${encodeURIComponent(
  'import{writeSync}from"node:fs";export async function load(u,c,n){if(u.startsWith("file:"))writeSync(2,"LOADED "+u+"\\n");return n(u,c)}',
)}`;
const REGISTER = `data:text/javascript,${encodeURIComponent(
  `import{register}from"node:module";register(${JSON.stringify(HOOKS)});`,
)}`;

export interface Loaded {
  code: number | null;
  stdout: string;
  /** Paths relative to the repository: node_modules/... and build/test-src/... */
  modules: string[];
}

/** Runs `entry` (a path under build/test-src, e.g. "cli/index.js") and lists the modules it loaded. */
export function loadedModules(
  entry: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Loaded {
  const r = spawnSync(process.execPath, ["--import", REGISTER, join(SRC_BUILD, entry), ...args], {
    cwd,
    env: { ...BASE_ENV(), ...env },
    encoding: "utf8",
  });
  const modules = r.stderr
    .split("\n")
    .filter((l) => l.startsWith("LOADED file://"))
    .map((l) => relative(ROOT, decodeURIComponent(l.slice("LOADED file://".length))));
  return { code: r.status, stdout: r.stdout, modules };
}

/** The npm packages among `modules`, each named once, sorted. */
export const packages = (modules: string[]): string[] =>
  [
    ...new Set(
      modules
        .filter((m) => m.startsWith("node_modules/"))
        .map((m) =>
          m
            .split("/")
            .slice(1, m.split("/")[1]?.startsWith("@") ? 3 : 2)
            .join("/"),
        ),
    ),
  ].sort();

/** Our own modules among `modules`, relative to src/ (e.g. "cli/main.js"), sorted. */
export const own = (modules: string[]): string[] =>
  modules
    .filter((m) => !m.startsWith("node_modules/"))
    .map((m) => relative(SRC_BUILD, join(ROOT, m)))
    .sort();
