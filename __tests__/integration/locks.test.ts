import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  acquireLock,
  breakLock,
  type LockInfo,
  LockTimeoutError,
  listLocks,
  lockResourceProblem,
} from "../../src/lib/locks/index.js";

const srcFile = (rel: string): string => fileURLToPath(new URL(`../../src/${rel}`, import.meta.url));
const worker = fileURLToPath(new URL("../helpers/lock-worker.mjs", import.meta.url));
const owner = { run_id: "20250102-030405-abcdef12", agent: "rm-developer" };

let work: string;
let compiled: string;
let n = 0;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "agent-flow-locks-"));
  // Children run plain node: give them src/lib/locks/ and the src/lib modules it imports, transpiled in
  // the same layout, as ES modules (see the worker's header).
  writeFileSync(join(work, "package.json"), '{ "type": "module" }\n');
  const lockModules = readdirSync(srcFile("lib/locks")).map((f) => `lib/locks/${f}`);
  for (const rel of [...lockModules, "lib/liveness.ts", "lib/errors.ts"]) {
    const out = ts.transpileModule(readFileSync(srcFile(rel), "utf8"), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      fileName: rel,
    });
    mkdirSync(join(work, rel, ".."), { recursive: true });
    writeFileSync(join(work, rel.replace(/\.ts$/, ".js")), out.outputText);
  }
  compiled = join(work, "lib/locks/index.js");
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const freshRoot = (): string => {
  const root = join(work, `root-${n++}`);
  mkdirSync(root);
  return root;
};
/** How long a contending worker may wait for one hand-off (see the contention tests). */
const CONTEND_WAIT_MS = 60_000;
const lockFile = (root: string, resource: string): string => join(root, ".locks", `${resource}.lock`);
const token = (): string => randomBytes(16).toString("hex");

function writeLock(root: string, resource: string, fields: Partial<LockInfo>): LockInfo {
  const info: LockInfo = {
    resource,
    run_id: "20240101-000000-0badc0de",
    agent: "rm-planner",
    timestamp: new Date().toISOString(),
    pid: process.pid,
    host: hostname(),
    token: token(),
    ...fields,
  };
  mkdirSync(join(root, ".locks"), { recursive: true });
  writeFileSync(lockFile(root, resource), JSON.stringify(info, null, 2));
  return info;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runWorker(cfg: Record<string, unknown>, onStdout?: (text: string) => void) {
  const child = spawn(process.execPath, [worker, compiled, JSON.stringify(cfg)], { stdio: "pipe" });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
    onStdout?.(stdout);
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<Exit>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, exited };
}

/** A pid that certainly ran on this host and is not running any more (its process has been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  const pid = child.pid;
  await new Promise((resolve) => child.on("close", resolve));
  if (pid === undefined) throw new Error("no pid");
  return pid;
}

/** Replays an enter/exit log: counts critical sections and any moment two of them overlapped. */
function replay(log: string): { sections: number; overlaps: string[]; byPid: Map<string, number> } {
  let holder: string | null = null;
  let sections = 0;
  const overlaps: string[] = [];
  const byPid = new Map<string, number>();
  log
    .split("\n")
    .filter(Boolean)
    .forEach((line, i) => {
      const [what, pid = "?"] = line.split(" ");
      if (what === "enter") {
        if (holder !== null) overlaps.push(`line ${i + 1}: ${pid} entered while ${holder} held the lock`);
        holder = pid;
        sections++;
        byPid.set(pid, (byPid.get(pid) ?? 0) + 1);
      } else {
        if (holder !== pid)
          overlaps.push(`line ${i + 1}: ${pid} exited while ${holder ?? "nobody"} held the lock`);
        holder = null;
      }
    });
  return { sections, overlaps, byPid };
}

describe("acquireLock across processes", () => {
  it(
    "gives one lock to one of 16 contending processes at a time, over 20 rounds each",
    async () => {
      const root = freshRoot();
      const log = join(root, "holders.log");
      // What is checked is exclusion, not speed: on a loaded machine a waiter may lose many hand-offs in a
      // row, so each may wait up to CONTEND_WAIT_MS rather than the worker's default 15 s.
      const procs = Array.from({ length: 16 }, () =>
        runWorker({
          mode: "contend",
          root,
          resource: "pipeline-status",
          rounds: 20,
          holdMs: 1,
          log,
          timeoutMs: CONTEND_WAIT_MS,
        }),
      );
      const exits = await Promise.all(procs.map((p) => p.exited));
      for (const e of exits) {
        expect(e.stderr).toBe("");
        expect(e.code).toBe(0);
        expect(JSON.parse(e.stdout)).toEqual({ rounds: 20 });
      }
      const r = replay(readFileSync(log, "utf8"));
      expect(r.overlaps).toEqual([]);
      expect(r.sections).toBe(16 * 20);
      expect([...r.byPid.values()]).toEqual(Array(16).fill(20));
      expect(existsSync(lockFile(root, "pipeline-status"))).toBe(false);
      expect(readdirSync(join(root, ".locks", ".tmp"))).toEqual([]);
      expect(readdirSync(join(root, ".locks", ".claims"))).toEqual([]);
    },
    2 * CONTEND_WAIT_MS,
  );

  it(
    "lets waiters that race to reclaim the same stale lock in one at a time",
    async () => {
      const root = freshRoot();
      const log = join(root, "holders.log");
      const dead = await deadPid();
      writeLock(root, "state", { pid: dead });
      // Every holder leaves a dead-pid lock behind instead of releasing, so each hand-off is a reclaim race
      // among all waiters, who all see the same stale lock at the same moment.
      const procs = Array.from({ length: 6 }, () =>
        runWorker({
          mode: "contend",
          root,
          resource: "state",
          rounds: 8,
          holdMs: 2,
          log,
          abandonAsPid: dead,
          timeoutMs: CONTEND_WAIT_MS,
        }),
      );
      const exits = await Promise.all(procs.map((p) => p.exited));
      for (const e of exits) {
        expect(e.stderr).toBe("");
        expect(e.code).toBe(0);
      }
      const r = replay(readFileSync(log, "utf8"));
      expect(r.overlaps).toEqual([]);
      expect(r.sections).toBe(6 * 8);
      // release() after abandoning did not remove the lock someone else had put there.
      const last = JSON.parse(readFileSync(lockFile(root, "state"), "utf8")) as LockInfo;
      expect(last.pid).toBe(dead);
      expect(readdirSync(join(root, ".locks", ".claims"))).toEqual([]);
    },
    2 * CONTEND_WAIT_MS,
  );

  it("releaseAllHeldSync in a SIGTERM handler leaves no lock behind", async () => {
    const root = freshRoot();
    let held: () => void = () => {};
    const isHeld = new Promise<void>((resolve) => {
      held = resolve;
    });
    const p = runWorker({ mode: "hold", root, resource: "commit" }, (out) => {
      if (out.includes("held")) held();
    });
    await Promise.race([isHeld, p.exited]);
    expect(existsSync(lockFile(root, "commit"))).toBe(true);
    const holder = JSON.parse(readFileSync(lockFile(root, "commit"), "utf8")) as LockInfo;
    expect(holder.pid).toBe(p.child.pid);
    p.child.kill("SIGTERM");
    const e = await p.exited;
    expect(e.code).toBe(143);
    expect(existsSync(lockFile(root, "commit"))).toBe(false);
    expect(readdirSync(join(root, ".locks", ".tmp"))).toEqual([]);
  });
});

describe("stale locks", () => {
  it("reclaims a lock whose pid is not running, at once", async () => {
    const root = freshRoot();
    const pid = await deadPid();
    writeLock(root, "state", { pid });
    const [status] = await listLocks(root);
    expect(status).toMatchObject({
      resource: "state",
      pid,
      stale: true,
      staleReason: `stale: pid ${pid} gone`,
    });
    const t0 = Date.now();
    const h = await acquireLock(root, "state", owner, { timeoutMs: 5000, staleAfterMs: 60_000 });
    expect(Date.now() - t0).toBeLessThan(500);
    const now = JSON.parse(readFileSync(lockFile(root, "state"), "utf8")) as LockInfo;
    expect(now).toEqual(h.info);
    expect(now).toMatchObject({ ...owner, pid: process.pid, host: hostname(), resource: "state" });
    await h.release();
    expect(existsSync(lockFile(root, "state"))).toBe(false);
  });

  it("reclaims a live holder's lock once its heartbeat is older than the bound the lock records", async () => {
    const root = freshRoot();
    const old = new Date(Date.now() - 5000).toISOString();
    writeLock(root, "state", { timestamp: old, heartbeat_at: old, stale_after_ms: 1000 });
    const [status] = await listLocks(root);
    expect(status?.stale).toBe(true);
    expect(status?.liveness).toMatch(/^stale: no heartbeat for 5\.\ds \(pid \d+; the bound is 1\.0s\)$/);
    // The waiter's own bound plays no part: the rule is the one stored in the lock.
    const h = await acquireLock(root, "state", owner, { timeoutMs: 2000, staleAfterMs: 3_600_000 });
    expect(JSON.parse(readFileSync(lockFile(root, "state"), "utf8")).token).toBe(h.info.token);
    await h.release();
  });

  it("does not reclaim a fresh lock of a live holder: times out naming it", async () => {
    const root = freshRoot();
    const holder = writeLock(root, "state", {
      run_id: "20240607-080910-feedbeef",
      agent: "rm-test-orchestrator",
    });
    const t0 = Date.now();
    const err = await acquireLock(root, "state", owner, { timeoutMs: 300, staleAfterMs: 60_000 }).catch(
      (e) => e,
    );
    const waited = Date.now() - t0;
    expect(err).toBeInstanceOf(LockTimeoutError);
    expect(waited).toBeGreaterThanOrEqual(290);
    expect(waited).toBeLessThan(1500);
    expect((err as LockTimeoutError).holder).toEqual(holder);
    const msg = (err as Error).message;
    for (const part of [
      "'state'",
      "run 20240607-080910-feedbeef",
      "agent rm-test-orchestrator",
      `pid ${process.pid}`,
      `host ${hostname()}`,
      "agent-flow locks",
      lockFile(root, "state"),
    ]) {
      expect(msg).toContain(part);
    }
    expect(JSON.parse(readFileSync(lockFile(root, "state"), "utf8"))).toEqual(holder);
    const [status] = await listLocks(root);
    expect(status).toMatchObject({ stale: false, token: holder.token });
    expect(status?.staleReason).toBeUndefined();
  });

  it("reclaims an unparseable lock only once it is a few seconds old", async () => {
    const root = freshRoot();
    mkdirSync(join(root, ".locks"));
    writeFileSync(lockFile(root, "state"), '{ "run_id": "half-writ');
    const err = await acquireLock(root, "state", owner, { timeoutMs: 100, staleAfterMs: 60_000 }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(LockTimeoutError);
    expect((err as Error).message).toContain("could not be read");
    const old = new Date(Date.now() - 10_000);
    utimesSync(lockFile(root, "state"), old, old);
    const [status] = await listLocks(root);
    expect(status).toMatchObject({ resource: "state", stale: true, pid: 0 });
    expect(status?.unreadable).toMatch(/^not JSON \(/);
    expect(status?.staleReason).toMatch(/^stale: unreadable \(not JSON .*\) and older than 3\.0s$/);
    const h = await acquireLock(root, "state", owner, { timeoutMs: 1000, staleAfterMs: 60_000 });
    await h.release();
  });

  it("respects a reclaim in progress by a live process, and clears one left by a dead process", async () => {
    const root = freshRoot();
    const dead = await deadPid();
    const stale = writeLock(root, "state", { pid: dead });
    const claims = join(root, ".locks", ".claims");
    mkdirSync(claims, { recursive: true });
    const claim = (pid: number) =>
      writeFileSync(
        join(claims, `state.${stale.token}.claim`),
        JSON.stringify({
          ...stale,
          agent: "claim",
          pid,
          token: token(),
          timestamp: new Date().toISOString(),
        }),
      );
    claim(process.pid);
    const err = await acquireLock(root, "state", owner, { timeoutMs: 150, staleAfterMs: 60_000 }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(LockTimeoutError);
    claim(dead);
    const h = await acquireLock(root, "state", owner, { timeoutMs: 1000, staleAfterMs: 60_000 });
    expect(readdirSync(claims)).toEqual([]);
    await h.release();
  });
});

describe("release", () => {
  it("never removes a lock that was reclaimed by someone else, and is idempotent", async () => {
    const root = freshRoot();
    // a keeps no heartbeat, so its lock is abandoned 50 ms after it took it.
    const a = await acquireLock(
      root,
      "state",
      { ...owner, agent: "a" },
      { timeoutMs: 1000, staleAfterMs: 50, heartbeatMs: 0 },
    );
    await new Promise((r) => setTimeout(r, 120));
    // b considers a's lock abandoned (no heartbeat for more than 50 ms) and takes it over.
    const b = await acquireLock(
      root,
      "state",
      { ...owner, agent: "b" },
      { timeoutMs: 1000, staleAfterMs: 50 },
    );
    await a.release();
    await a.release();
    expect(JSON.parse(readFileSync(lockFile(root, "state"), "utf8")).token).toBe(b.info.token);
    await b.release();
    await b.release();
    expect(existsSync(lockFile(root, "state"))).toBe(false);
    const c = await acquireLock(root, "state", owner, { timeoutMs: 0, staleAfterMs: 60_000 });
    await c.release();
  });

  it("hands a lock to a waiter in the same process promptly", async () => {
    const root = freshRoot();
    const a = await acquireLock(root, "state", owner, { timeoutMs: 0, staleAfterMs: 60_000 });
    const waiting = acquireLock(root, "state", owner, { timeoutMs: 2000, staleAfterMs: 60_000, pollMs: 500 });
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await a.release();
    const b = await waiting;
    // The waiter is woken by the file change, not by its (here slow) poll.
    expect(Date.now() - t0).toBeLessThan(400);
    await b.release();
  });
});

describe("abort and names", () => {
  it("rejects with an AbortError when the signal fires, and at once when it already has", async () => {
    const root = freshRoot();
    writeLock(root, "state", {});
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const t0 = Date.now();
    const err = await acquireLock(root, "state", owner, {
      timeoutMs: 5000,
      staleAfterMs: 60_000,
      signal: ac.signal,
    }).catch((e) => e);
    expect(err).toMatchObject({ name: "AbortError", code: "ABORT_ERR" });
    expect(Date.now() - t0).toBeLessThan(1000);
    await expect(
      acquireLock(root, "other", owner, {
        timeoutMs: 5000,
        staleAfterMs: 60_000,
        signal: AbortSignal.abort(),
      }),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(existsSync(lockFile(root, "other"))).toBe(false);
  });

  it("accepts slugs and rejects other resource names", async () => {
    for (const ok of ["a", "0", "pipeline-status", "run_1", "x".repeat(100)])
      expect(lockResourceProblem(ok)).toBeNull();
    const root = freshRoot();
    for (const bad of [
      "",
      "A",
      "Pipeline",
      "../x",
      "a/b",
      ".x",
      "-x",
      "_x",
      "x.lock",
      "a b",
      "é",
      "x".repeat(101),
    ]) {
      const problem = lockResourceProblem(bad);
      expect(problem, bad).not.toBeNull();
      await expect(acquireLock(root, bad, owner, { timeoutMs: 0, staleAfterMs: 1000 })).rejects.toThrow(
        problem ?? "",
      );
    }
    expect(existsSync(join(root, ".locks"))).toBe(false);
    expect(lockResourceProblem("../x")).toContain("lowercase letters, digits");
  });

  it("lists nothing when there is no .locks directory", async () => {
    expect(await listLocks(freshRoot())).toEqual([]);
  });
});

describe("heartbeats and liveness (one rule, stored in the lock)", () => {
  it("a holder still inside its retries keeps its lock past its bound: the heartbeat extends the lease", async () => {
    const root = freshRoot();
    let held: () => void = () => {};
    const isHeld = new Promise<void>((resolve) => {
      held = resolve;
    });
    // Bound 1.5 s: before heartbeats, a contender reclaimed the lock 1.5 s after it was taken, although
    // its holder was alive and still working (an agent's retries and back-off outlast timeout + 30 s).
    const p = runWorker({ mode: "hold", root, resource: "src_writer", staleAfterMs: 1500 }, (out) => {
      if (out.includes("held")) held();
    });
    await Promise.race([isHeld, p.exited]);
    const taken = JSON.parse(readFileSync(lockFile(root, "src_writer"), "utf8")) as LockInfo;
    expect(taken).toMatchObject({ pid: p.child.pid, stale_after_ms: 1500 });
    expect(taken.start_time).toMatch(/^\d+$/);
    const err = await acquireLock(root, "src_writer", owner, { timeoutMs: 4000 }).catch((e) => e);
    expect(err).toBeInstanceOf(LockTimeoutError);
    expect((err as Error).message).toMatch(/\(alive: heartbeat \d+(\.\d)?s ago \(pid \d+\)\)/);
    const now = JSON.parse(readFileSync(lockFile(root, "src_writer"), "utf8")) as LockInfo;
    expect(now.token).toBe(taken.token);
    expect(Date.parse(now.heartbeat_at as string)).toBeGreaterThan(Date.parse(taken.heartbeat_at as string));
    // Once the holder is killed, its pid is gone: the lock is reclaimed at once, not after the bound.
    p.child.kill("SIGKILL");
    await p.exited;
    const h = await acquireLock(root, "src_writer", owner, { timeoutMs: 1000 });
    await h.release();
  });

  it("a reused pid (a running pid with another start time) does not hold a lock", async () => {
    const root = freshRoot();
    writeLock(root, "state", { pid: 1, start_time: "999999999999", heartbeat_at: new Date().toISOString() });
    const [status] = await listLocks(root);
    expect(status?.liveness).toBe("stale: pid 1 reused by another process (start time differs)");
    const h = await acquireLock(root, "state", owner, { timeoutMs: 0 });
    await h.release();
  });

  it("another host's lock is judged by its heartbeat alone: alive while fresh, stale after the bound", async () => {
    const root = freshRoot();
    const fresh = writeLock(root, "state", {
      host: "ci-7",
      pid: 4242,
      heartbeat_at: new Date().toISOString(),
    });
    const [alive] = await listLocks(root);
    expect(alive?.liveness).toMatch(/^alive: heartbeat \d+(\.\d)?s ago \(host ci-7\)$/);
    const err = await acquireLock(root, "state", owner, { timeoutMs: 0 }).catch((e) => e);
    expect(err).toBeInstanceOf(LockTimeoutError);
    expect((err as Error).message).toContain("heartbeat is older than 90s");
    // No stored bound: the default (90 s) applies, for the engine and for `locks` alike.
    writeLock(root, "state", { ...fresh, heartbeat_at: new Date(Date.now() - 12 * 60_000).toISOString() });
    const [stale] = await listLocks(root);
    expect(stale?.liveness).toBe("stale: no heartbeat for 12m (host ci-7; the bound is 90s)");
    const h = await acquireLock(root, "state", owner, { timeoutMs: 0 });
    await h.release();
  });

  it("breakLock removes a live lock only while it is the one named, and marks its holder lost", async () => {
    const root = freshRoot();
    const a = await acquireLock(root, "state", owner, { timeoutMs: 0, staleAfterMs: 400 });
    expect(breakLock(root, "state", token())).toBeNull();
    expect(existsSync(lockFile(root, "state"))).toBe(true);
    expect(breakLock(root, "state", a.info.token)?.token).toBe(a.info.token);
    expect(existsSync(lockFile(root, "state"))).toBe(false);
    const b = await acquireLock(root, "state", owner, { timeoutMs: 0 });
    await new Promise((r) => setTimeout(r, 300)); // a's heartbeat (every 100 ms) finds b's lock
    expect(a.lost).toBe(true);
    expect(b.lost).toBe(false);
    await a.release();
    expect(JSON.parse(readFileSync(lockFile(root, "state"), "utf8")).token).toBe(b.info.token);
    await b.release();
  });
});
