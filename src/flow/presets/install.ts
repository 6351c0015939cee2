/**
 * What the GitHub engine installs for a preset agent's leg, and where: the pure half of the install
 * (src/action/preset-install.ts runs npm and the cache). A preset's CLI is installed with `npm ci` from
 * a lock file committed here (locks/<preset>/package-lock.json), whose integrity hashes pin every
 * tarball, so a cached copy of the tarballs can be checked and never has to be trusted.
 */
import { createHash } from "node:crypto";
import { delimiter, join } from "node:path";
import { findPreset } from "./index.js";

/** One CLI to install: an npm package at a pinned version, from a folder holding its lock file. */
export interface CliSpec {
  preset: string;
  package: string;
  version: string;
  /** The executable the package puts in node_modules/.bin. */
  program: string;
  /** A folder with package.json and package-lock.json (the integrity of every tarball). */
  lockDir: string;
}

/** The spec of preset `name`'s CLI, with its lock under `locksRoot`; null for a preset npm does not install. */
export function presetCli(name: string, locksRoot: string): CliSpec | null {
  const preset = findPreset(name);
  if (preset?.install.manager !== "npm") return null;
  return {
    preset: preset.name,
    package: preset.install.package,
    version: preset.install.version,
    program: preset.program,
    lockDir: join(locksRoot, preset.name),
  };
}

export interface CliPaths {
  /** `<tool cache>/agent-flow/<preset>/<version>`: made afresh by every install. */
  root: string;
  /** Where `npm ci` runs: the lock file and node_modules. */
  prefix: string;
  /** npm's tarball cache (`--cache`): the folder saved to and restored from the Actions cache. */
  npmCache: string;
  /** Put first on the agent's PATH. */
  bin: string;
}

/** Under the runner's tool cache (`RUNNER_TOOL_CACHE`), else under `tmp`. */
export function cliPaths(spec: CliSpec, toolCache: string | undefined, tmp: string): CliPaths {
  const root = join(toolCache || tmp, "agent-flow", spec.preset, spec.version);
  const prefix = join(root, "cli");
  return { root, prefix, npmCache: join(root, "npm-cache"), bin: join(prefix, "node_modules", ".bin") };
}

/**
 * The Actions cache key of a CLI's tarballs: preset, version, OS, arch and a hash of the lock file (a
 * new lock starts a new entry). It is not a secret and not a guarantee: anyone holding a run's cache
 * token can compute it and save an entry first. What makes a restored entry safe is `npm ci` checking
 * every tarball against the lock's integrity.
 */
export function cliCacheKey(spec: CliSpec, platform: string, arch: string, lockText: string): string {
  const lock = createHash("sha256").update(lockText).digest("hex").slice(0, 16);
  return `agent-flow-cli-${spec.preset}-${spec.version}-${platform}-${arch}-${lock}`;
}

/** The agent's environment with `bin` first on PATH: the only change the install makes to it. */
export function withCliOnPath(env: NodeJS.ProcessEnv, bin: string): NodeJS.ProcessEnv {
  return { ...env, PATH: env.PATH ? `${bin}${delimiter}${env.PATH}` : bin };
}
