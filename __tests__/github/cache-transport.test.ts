import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheJob, type Op, type Outcome } from "../helpers/cache-job-runner.js";
import { type CacheScope, type CacheServer, startCacheServer } from "../helpers/cache-server.js";
import { tempDir } from "../helpers/cli.js";

let server: CacheServer;
let root: string;
let pkg: string;

const job = (ops: Op[], env: Record<string, string | undefined> = {}, scopes?: CacheScope[]) =>
  cacheJob(server, root, ops, env, scopes);

async function one(
  op: Op,
  env?: Record<string, string | undefined>,
  scopes?: CacheScope[],
): Promise<Outcome> {
  const [outcome] = await job([op], env, scopes);
  return outcome as Outcome;
}

const save = (key: string, dir: string, options?: Op["options"], scopes?: CacheScope[]) =>
  one({ op: "save", key, dir, options }, {}, scopes);
const restore = (key: string, dir: string, options?: Op["options"], scopes?: CacheScope[]) =>
  one({ op: "restore", key, dir, options }, {}, scopes);

/** Every file under `dir`, by relative path, with the sha256 of its bytes. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true })) {
    const p = join(dir, String(f));
    if (statSync(p).isFile())
      files[relative(dir, p)] = createHash("sha256").update(readFileSync(p)).digest("hex");
  }
  return files;
}

function smallPackage(text: string): string {
  const dir = join(root, `small-${randomBytes(4).toString("hex")}`);
  mkdirSync(dir);
  writeFileSync(join(dir, "state.json"), JSON.stringify({ text }));
  return dir;
}

beforeAll(async () => {
  server = await startCacheServer();
  root = tempDir("agent-flow-cache-");
  // A state package: a run file, a nested run folder, and a git bundle of a few MB (incompressible, so
  // the archive is downloaded in several ranged requests).
  pkg = join(root, "state-package");
  mkdirSync(join(pkg, "run", "logs"), { recursive: true });
  writeFileSync(join(pkg, "state.json"), '{"seq": 1}\n');
  writeFileSync(join(pkg, "run", "pipeline_status.json"), "{}\n");
  writeFileSync(join(pkg, "run", "logs", "developer.log"), "line\n".repeat(1000));
  const repo = join(root, "repo");
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-C", repo, ...args]);
  execFileSync("git", ["init", "-q", repo]);
  writeFileSync(join(repo, "blob.bin"), randomBytes(6 * 1024 * 1024));
  git("add", "blob.bin");
  git("commit", "-qm", "big");
  git("bundle", "create", "-q", join(pkg, "run.bundle"), "--all");
});

afterAll(async () => {
  await server?.close();
});

describe("cache transport (the real @actions/cache client against the emulated cache service)", () => {
  it("restores in one job's folder the package another job saved in its own", async () => {
    expect(statSync(join(pkg, "run.bundle")).size).toBeGreaterThan(5 * 1024 * 1024);
    const saved = await save("agent-flow-r1-state-0001", pkg);
    expect(saved.error).toBeUndefined();
    const target = join(root, "elsewhere", "restored");
    const restored = await restore("agent-flow-r1-state-0001", target);
    expect(restored).toMatchObject({ key: "agent-flow-r1-state-0001" });
    expect(Object.keys(tree(pkg))).toHaveLength(4);
    expect(tree(target)).toEqual(tree(pkg));
    execFileSync("git", ["-C", join(root, "repo"), "bundle", "verify", "-q", join(target, "run.bundle")], {
      stdio: "pipe",
    });
    // The blob calls the Azure SDK makes: one put for an archive under 128 MiB (the client's save);
    // the properties and one read of the whole archive (the transport's checked restore).
    const labels = server.calls.map((c) => c.label);
    expect(labels).toContain("blob:PUT");
    expect(labels).toContain("blob:HEAD");
    expect(labels).toContain("blob:GET");
  });

  it("refuses to save a key twice, naming it", async () => {
    const key = "agent-flow-r2-leg-0001-0-abc";
    const [first, second] = await job([
      { op: "save", key, dir: smallPackage("first") },
      { op: "save", key, dir: smallPackage("second") },
    ]);
    expect(first).toEqual({ key });
    expect(second?.error).toMatch(/cache key agent-flow-r2-leg-0001-0-abc is taken/);
    const target = join(root, "r2");
    expect(await restore(key, target)).toEqual({ key });
    expect(readFileSync(join(target, "state.json"), "utf8")).toContain("first");
  });

  it("restores an exact key only; a prefix only says whether a run has entries", async () => {
    const saves: Op[] = ["0001", "0003"].map((seq) => ({
      op: "save",
      key: `agent-flow-r3-state-${seq}`,
      dir: smallPackage(seq),
    }));
    saves.push({ op: "save", key: "agent-flow-r3-leg-0001-0-abcdef", dir: smallPackage("longer key") });
    expect(await job(saves)).toEqual(saves.map((s) => ({ key: s.key })));
    const exact = join(root, "r3-exact");
    expect(
      await job([
        { op: "restore", key: "agent-flow-r3-state-", dir: join(root, "r3-prefix") },
        { op: "restore", key: "agent-flow-r3-state-0001", dir: exact },
        // GitHub answers a key with an entry whose key merely starts with it; the store takes none.
        { op: "restore", key: "agent-flow-r3-leg-0001-0-abc", dir: join(root, "r3-leg") },
        { op: "exists", key: "agent-flow-r3-state-" },
        { op: "exists", key: "agent-flow-r3x-state-" },
      ]),
    ).toEqual([
      { key: null },
      { key: "agent-flow-r3-state-0001" },
      { key: null },
      { exists: true },
      { exists: false },
    ]);
    expect(readFileSync(join(exact, "state.json"), "utf8")).toContain("0001");
    expect(existsSync(join(root, "r3-prefix"))).toBe(false);
  });

  it("returns null on a miss and leaves the target alone", async () => {
    const target = join(root, "missed");
    const out = await restore("agent-flow-r4-state-0001", target);
    expect(out).toMatchObject({ key: null });
    expect(existsSync(target)).toBe(false);
  });

  it("gets through a 5xx on restore and a reset on save (the transport's retries)", async () => {
    const dir = smallPackage("retried");
    server.fail({ on: "GetCacheEntryDownloadURL", status: 503 });
    server.fail({ on: "CreateCacheEntry", reset: true });
    expect((await save("agent-flow-r5-state-0001", dir, { backoffMs: 100 })).error).toBeUndefined();
    const target = join(root, "r5");
    expect((await restore("agent-flow-r5-state-0001", target, { backoffMs: 100 })).key).toBe(
      "agent-flow-r5-state-0001",
    );
    const seen = (label: string) => server.calls.filter((c) => c.label === label).map((c) => c.status);
    expect(seen("CreateCacheEntry").slice(-2)).toEqual([0, 200]);
    expect(seen("GetCacheEntryDownloadURL").slice(-2)).toEqual([503, 200]);
  }, 60_000);

  it("reports a restore that keeps failing as an error, not a miss", async () => {
    server.fail({ on: "GetCacheEntryDownloadURL", reset: true, times: 2 });
    const out = await restore("agent-flow-r1-state-0001", join(root, "r6"), {
      attempts: 2,
      backoffMs: 50,
    });
    expect(out.error).toMatch(/restoring cache key agent-flow-r1-state-0001 failed after 2 attempts/);
  });

  it("keeps a branch's entries from other branches, and lets them read the default branch's", async () => {
    const feature: CacheScope[] = [
      { scope: "refs/heads/feature", permission: 3 },
      { scope: "refs/heads/main", permission: 1 },
    ];
    const key = "agent-flow-r7-state-0001";
    const mainKey = "agent-flow-r7-main-0001";
    expect(await save(mainKey, smallPackage("main"))).toEqual({ key: mainKey });
    const onFeature = await job(
      [
        { op: "save", key, dir: smallPackage("feature") },
        { op: "restore", key, dir: join(root, "r7-feature") },
        { op: "restore", key: mainKey, dir: join(root, "r7-from-main") },
      ],
      {},
      feature,
    );
    expect(onFeature).toEqual([{ key }, { key }, { key: mainKey }]);
    expect(await restore(key, join(root, "r7-main"))).toEqual({ key: null });
  });

  it("fails at once on a token the service refuses", async () => {
    const out = await one(
      { op: "restore", key: "agent-flow-r1-state-0001", dir: join(root, "r8") },
      { ACTIONS_RUNTIME_TOKEN: "not-a-token" },
    );
    expect(out.error).toMatch(/restoring cache key agent-flow-r1-state-0001 failed: .*answered 401/);
  });

  it("says it must run inside GitHub Actions when the runner's cache variables are missing", async () => {
    const out = await one(
      { op: "save", key: "agent-flow-r9-state-0001", dir: pkg },
      { ACTIONS_RESULTS_URL: undefined },
    );
    expect(out.error).toMatch(/ACTIONS_RESULTS_URL not set.*must run inside GitHub Actions/s);
  });
});
