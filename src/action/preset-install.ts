import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isGitHubCredential } from "../engine/environment.js";
import type { Leg } from "../engine/jobs/outputs.js";
import type { PackageStore } from "../engine/jobs/package-store.js";
import { type CliSpec, cliCacheKey, cliPaths, presetCli, withCliOnPath } from "../flow/presets/install.js";
import type { Flow } from "../flow/schema.js";

/**
 * Installs a preset's CLI for a `run-k` leg, before the agent or any repository code runs: `npm ci`
 * from the lock file committed in src/flow/presets/locks/<preset>/, into a fresh folder of the runner's
 * tool cache, with npm's tarball cache kept in the Actions cache between runs.
 *
 * Why the tarballs and not the installed folder: any leg can read the runner's cache token from its
 * engine's process, so it can save an entry under this key before a genuine run does (keys are public
 * and immutable). An installed folder restored from such an entry would be whatever the hostile leg
 * wanted, run later with another agent's API key. A tarball cache is only ever read through `npm ci`,
 * which checks every tarball against the integrity hash in our lock file: it discards a tampered one and
 * downloads it again, and should npm fail anyway, the install starts again with an empty cache. The entry is unpacked by
 * the checked restore (regular files and folders inside the target only) like every other package.
 */

export interface InstallOptions {
  store: PackageStore;
  /** The engine's environment: npm runs with it, minus GitHub credentials. */
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  warn?: (line: string) => void;
  platform?: string;
  arch?: string;
}

export interface Installed {
  /** The folder to put first on the agent's PATH. */
  bin: string;
  key: string;
  /** Whether npm's tarball cache came from the Actions cache. */
  restored: boolean;
  /** Whether the restored cache failed npm's integrity check and the CLI came from the registry. */
  refused: boolean;
  saved: boolean;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The folder holding each preset's lock (src/flow/presets/locks), found above this module or bundle. */
export function presetLocksRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = [dir, "src", "flow", "presets", "locks"].join("/");
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new Error("the preset lock files (src/flow/presets/locks) are not in the action");
    dir = up;
  }
}

export async function installCli(spec: CliSpec, options: InstallOptions): Promise<Installed> {
  const { store, log } = options;
  const warn = options.warn ?? log;
  const paths = cliPaths(spec, options.env.RUNNER_TOOL_CACHE, options.env.RUNNER_TEMP || tmpdir());
  const lockText = readFileSync(join(spec.lockDir, "package-lock.json"), "utf8");
  const key = cliCacheKey(spec, options.platform ?? process.platform, options.arch ?? process.arch, lockText);
  // Afresh every time: a self-hosted runner keeps its tool cache, and an earlier job's agent could
  // have written there.
  rmSync(paths.root, { recursive: true, force: true });
  mkdirSync(paths.prefix, { recursive: true });
  for (const f of ["package.json", "package-lock.json"])
    copyFileSync(join(spec.lockDir, f), join(paths.prefix, f));

  let restored = false;
  try {
    restored = (await store.restore(key, paths.npmCache)) !== null;
  } catch (err) {
    warn(`${spec.preset}: the cached npm tarballs (${key}) were not restored: ${message(err)}`);
  }
  if (restored) log(`${spec.preset}: restored npm's tarball cache from ${key}`);

  let refused = false;
  let result = await npmCi(paths.prefix, paths.npmCache, options.env);
  if (!result.ok && restored) {
    refused = true;
    warn(
      `${spec.preset}: npm ci from the cached tarballs (${key}) failed, so the cache entry is not used; ` +
        `installing from the registry. If the entry is bad, delete it ` +
        `(gh cache delete ${key}). npm said: ${result.output.slice(-2000)}`,
    );
    rmSync(paths.npmCache, { recursive: true, force: true });
    result = await npmCi(paths.prefix, paths.npmCache, options.env);
  }
  if (!result.ok)
    throw new Error(
      `installing the ${spec.preset} CLI (${spec.package}@${spec.version}) with npm ci failed: ${result.output.slice(-4000)}`,
    );
  verify(spec, paths.prefix, paths.bin);
  log(`${spec.preset}: ${spec.package}@${spec.version} installed in ${paths.prefix}`);

  let saved = false;
  if (!restored) {
    try {
      await store.save(key, paths.npmCache);
      saved = true;
      log(`${spec.preset}: saved npm's tarball cache as ${key}`);
    } catch (err) {
      // Another job saved it meanwhile, or the cache is full: the next run installs from npm again.
      warn(`${spec.preset}: npm's tarball cache was not saved as ${key}: ${message(err)}`);
    }
  }
  return { bin: paths.bin, key, restored, refused, saved };
}

/** The installed package is the pinned one and its program is in `bin`. */
function verify(spec: CliSpec, prefix: string, bin: string): void {
  const manifest = join(prefix, "node_modules", ...spec.package.split("/"), "package.json");
  let version: unknown;
  try {
    version = (JSON.parse(readFileSync(manifest, "utf8")) as { version?: unknown }).version;
  } catch (err) {
    throw new Error(`npm ci did not install ${spec.package}: ${message(err)}`);
  }
  if (version !== spec.version)
    throw new Error(`npm ci installed ${spec.package}@${String(version)}, not the pinned ${spec.version}`);
  if (!existsSync(join(bin, spec.program)))
    throw new Error(`${spec.package}@${spec.version} has no program '${spec.program}' in ${bin}`);
}

function npmCi(cwd: string, cache: string, env: NodeJS.ProcessEnv): Promise<{ ok: boolean; output: string }> {
  // npm and the packages' install scripts never see the runner's tokens.
  const clean = Object.fromEntries(Object.entries(env).filter(([name]) => !isGitHubCredential(name)));
  const args = ["ci", "--cache", cache, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=warn"];
  return new Promise((resolve) => {
    const child = spawn("npm", args, { cwd, env: clean, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const add = (d: Buffer): void => {
      output = (output + d.toString("utf8")).slice(-100_000);
    };
    child.stdout.on("data", add);
    child.stderr.on("data", add);
    child.once("error", (err) => resolve({ ok: false, output: message(err) }));
    child.once("close", (code) => resolve({ ok: code === 0, output }));
  });
}

/**
 * The environment a leg's agent runs with: for an agent with a preset npm installs, its CLI installed
 * and first on PATH; otherwise (a check, a `run:` agent) `env` unchanged, nothing installed.
 */
export async function legEnvironment(
  flow: Flow,
  leg: Leg,
  options: InstallOptions & { locksRoot?: string },
): Promise<NodeJS.ProcessEnv> {
  const agent = leg.kind === "agent" && leg.agent ? flow.agents[leg.agent] : undefined;
  const spec = agent?.preset ? presetCli(agent.preset, options.locksRoot ?? presetLocksRoot()) : null;
  if (!spec) return options.env;
  const installed = await installCli(spec, options);
  return withCliOnPath(options.env, installed.bin);
}
