#!/usr/bin/env node
// Installs the real agent CLIs that __tests__/agents/ drives (Claude Code, Codex, Gemini CLI), at the
// versions pinned by __tests__/agents/clis/package-lock.json, into a cache folder outside the clone, and
// prints the folder holding their executables. They are not dev dependencies: together they are about
// 900 MB, which every `npm ci` would otherwise unpack. npm installs only this platform's binary of each
// (their per-platform packages are optional dependencies with `os`/`cpu`/`libc`).
//
//   node scripts/test-clis.mjs     # install if missing, then print the bin folder
//
// The folder is `$AGENT_FLOW_TEST_CLIS` (default `${XDG_CACHE_HOME:-~/.cache}/agent-flow/test-clis`)
// plus a hash of the lock file: a new pin installs anew, an unchanged one costs nothing. `.ci/run` calls
// this before the tests; the tests call it too (so a plain `npm test` installs on first use).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const manifest = resolve(dirname(fileURLToPath(import.meta.url)), "..", "__tests__", "agents", "clis");

export function cliCacheDir(env = process.env) {
  const lock = readFileSync(join(manifest, "package-lock.json"));
  const key = createHash("sha256").update(lock).digest("hex").slice(0, 16);
  const cache = env.XDG_CACHE_HOME || join(env.HOME || homedir(), ".cache");
  return join(env.AGENT_FLOW_TEST_CLIS || join(cache, "agent-flow", "test-clis"), key);
}

/** Installs the pinned CLIs unless already there; returns their bin folder. */
export function ensureTestClis(env = process.env) {
  const dir = cliCacheDir(env);
  const bin = join(dir, "node_modules", ".bin");
  if (existsSync(join(dir, ".complete"))) return bin;
  // Installed beside the final folder and renamed into place: an interrupted install is never used.
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  for (const f of ["package.json", "package-lock.json"]) copyFileSync(join(manifest, f), join(partial, f));
  const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"], {
    cwd: partial,
    stdio: ["ignore", "inherit", "inherit"],
    env,
  });
  if (r.status !== 0) {
    rmSync(partial, { recursive: true, force: true });
    throw new Error(`npm ci of the test CLIs failed in ${partial} (exit ${r.status ?? r.signal})`);
  }
  writeFileSync(join(partial, ".complete"), `${new Date().toISOString()}\n`);
  try {
    renameSync(partial, dir);
  } catch (err) {
    // another process installed it meanwhile
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(join(dir, ".complete"))) throw err;
  }
  return bin;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(`${ensureTestClis()}\n`);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
