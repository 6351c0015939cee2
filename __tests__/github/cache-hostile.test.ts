import { execFileSync } from "node:child_process";
import { existsSync, linkSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkArchive } from "../../src/action/safe-extract.js";
import { cacheJob, type Op } from "../helpers/cache-job-runner.js";
import { type CacheServer, startCacheServer } from "../helpers/cache-server.js";
import { tempDir } from "../helpers/cli.js";
import { hostilePackage, hostileTar } from "../helpers/hostile-archive.js";

// A hostile leg that reads the job's ACTIONS_RUNTIME_TOKEN can save any archive under any key it knows,
// with the real @actions/cache client. Here its `tar` is a wrapper (first on PATH, as a leg can arrange
// for its own process) that renames members as they are archived: to an absolute path, to a `../`
// path, and through a symlink, all aimed at a canary folder. The transport must refuse every such
// archive before unpacking anything; the raw client's restore shows the archive really is hostile.

let server: CacheServer;
let root: string;
let bin: string;

const RUN = "20260101-000000-0badc0de";
const LEG_KEY = `agent-flow-${RUN}-leg-0001-0-0123456789abcdef`;
const STATE_KEY = `agent-flow-${RUN}-state-0001-${"ab".repeat(32)}`;

const job = (ops: Op[], env: Record<string, string> = {}) => cacheJob(server, root, ops, env);

/** Saves with the hostile tar in front, its renames aimed at `canary`. */
const hostileSave = (ops: Op[], canary: string) =>
  job(ops, { PATH: `${bin}:${process.env.PATH}`, HOSTILE_CANARY: canary });

beforeAll(async () => {
  server = await startCacheServer();
  root = tempDir("agent-flow-hostile-");
  bin = join(root, "bin");
  hostileTar(bin);
});

afterAll(async () => {
  await server?.close();
});

describe("restoring an archive a hostile leg saved with the real client", () => {
  it("refuses it under a leg key and under a state key, naming the key; nothing lands outside", async () => {
    const canary = join(root, "canary");
    const control = join(root, "canary-control");
    mkdirSync(canary);
    mkdirSync(control);
    const all = ["abs", "up", "link"] as const;
    const controlKey = `agent-flow-${RUN}-leg-0009-0-fedcba9876543210`;
    const saved = await hostileSave(
      [
        { op: "save", key: LEG_KEY, dir: hostilePackage(canary, [...all]) },
        { op: "save", key: STATE_KEY, dir: hostilePackage(canary, [...all]) },
        { op: "save", key: `${LEG_KEY}-abs`, dir: hostilePackage(canary, ["abs"]) },
        { op: "save", key: `${LEG_KEY}-up`, dir: hostilePackage(canary, ["up"]) },
        { op: "save", key: `${LEG_KEY}-link`, dir: hostilePackage(canary, ["link"]) },
      ],
      canary,
    );
    expect(saved.every((s) => s.error === undefined)).toBe(true);
    await hostileSave(
      [{ op: "save", key: controlKey, dir: hostilePackage(control, ["abs", "up"]) }],
      control,
    );

    // The raw client's restore (tar -P) writes into the control canary: the archive is hostile.
    const raw = join(root, "raw");
    mkdirSync(raw);
    expect(await job([{ op: "client-restore", key: controlKey, dir: raw }])).toEqual([{ key: controlKey }]);
    expect(readdirSync(control).sort()).toEqual(["abs.txt", "up.txt"]);

    const target = (name: string) => join(root, "restored", name);
    const out = await job([
      { op: "restore", key: LEG_KEY, dir: target("leg") },
      { op: "restore", key: STATE_KEY, dir: target("state") },
      { op: "restore", key: `${LEG_KEY}-abs`, dir: target("abs") },
      { op: "restore", key: `${LEG_KEY}-up`, dir: target("up") },
      { op: "restore", key: `${LEG_KEY}-link`, dir: target("link") },
    ]);
    const errors = out.map((o) => o.error ?? "");
    expect(errors[0]).toMatch(new RegExp(`cache entry ${LEG_KEY} is refused, nothing was unpacked`));
    expect(errors[1]).toMatch(new RegExp(`cache entry ${STATE_KEY} is refused, nothing was unpacked`));
    for (const e of errors.slice(0, 2)) {
      expect(e).toContain("is an absolute path");
      expect(e).toContain("has a '..'");
      expect(e).toContain('"package/link" is a symbolic link');
    }
    expect(errors[2]).toMatch(/abs.txt" is an absolute path/);
    expect(errors[3]).toMatch(/up.txt" has a '\.\.'/);
    expect(errors[4]).toMatch(/"package\/link" is a symbolic link/);
    // Refused at once: a hostile archive is not retried.
    expect(errors.every((e) => !e.includes("attempts"))).toBe(true);
    expect(readdirSync(canary)).toEqual([]);
    for (const name of ["leg", "state", "abs", "up", "link"]) expect(existsSync(target(name))).toBe(false);
  }, 120_000);
});

describe("the archive check (safe-extract.ts) on archives GNU tar made", () => {
  const limits = { entries: 100, bytes: 1024 * 1024 };
  let dir: string;
  const tar = (name: string, cwd: string, ...args: string[]): string => {
    const file = join(dir, name);
    execFileSync("/usr/bin/tar", ["--posix", "-cf", file, "-C", cwd, ...args]);
    return file;
  };
  beforeAll(() => {
    dir = tempDir("agent-flow-tar-");
  });

  it("accepts regular files and folders in the one top folder, and refuses the rest by name", async () => {
    const src = join(dir, "src");
    mkdirSync(join(src, "package", "run"), { recursive: true });
    writeFileSync(join(src, "package", "run", "a.txt"), "a\n");
    await expect(
      checkArchive(tar("ok.tar", src, "package"), "package", limits, "ok"),
    ).resolves.toBeUndefined();

    writeFileSync(join(src, "other.txt"), "x\n");
    await expect(
      checkArchive(tar("top.tar", src, "package", "other.txt"), "package", limits, "t"),
    ).rejects.toThrow(/"other.txt" is outside the archive's one folder 'package\/'/);
    linkSync(join(src, "package", "run", "a.txt"), join(src, "package", "hard.txt"));
    await expect(checkArchive(tar("hard.tar", src, "package"), "package", limits, "h")).rejects.toThrow(
      /is a hard link/,
    );
    const fifoSrc = join(dir, "fifo");
    mkdirSync(join(fifoSrc, "package"), { recursive: true });
    execFileSync("mkfifo", [join(fifoSrc, "package", "pipe")]);
    await expect(checkArchive(tar("fifo.tar", fifoSrc, "package"), "package", limits, "f")).rejects.toThrow(
      /"package\/pipe" is a FIFO/,
    );
    const big = join(dir, "big");
    mkdirSync(join(big, "package"), { recursive: true });
    writeFileSync(join(big, "package", "big.bin"), Buffer.alloc(2 * 1024 * 1024));
    await expect(checkArchive(tar("big.tar", big, "package"), "package", limits, "b")).rejects.toThrow(
      /its files total 2097152 bytes, more than 1048576/,
    );
  });
});
