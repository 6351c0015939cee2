import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pidNamespaceAvailable } from "../../src/engine/containment.js";
import { type RunProcessOptions, runProcess } from "../../src/engine/process.js";
import {
  AttemptSpare,
  disposeSpare,
  keptSparePid,
  type Spare,
  spareScript,
  startSpare,
  takeSpare,
} from "../../src/engine/process-spare.js";
import { SRC_BUILD } from "../helpers/cli.js";

// A spare is the contained chain (setpriv, unshare, the namespace's shell) started before its command is
// known (process-spare.ts). What must hold: nothing runs in it before runProcess() hands it the command,
// the command then gets exactly what a spawned one gets (directory, environment, stdin, exit status), the
// handover cannot be made to run anything else, and a spare never outlives its attempt.

let dir: string;
let seq = 0;
const saved = process.env.AGENT_FLOW_CONTAINMENT;
const available = process.platform === "linux" && pidNamespaceAvailable();

beforeAll(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "agent-flow-spare-")));
  process.env.AGENT_FLOW_CONTAINMENT = "pid-namespace";
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  if (saved === undefined) delete process.env.AGENT_FLOW_CONTAINMENT;
  else process.env.AGENT_FLOW_CONTAINMENT = saved;
});

function opts(command: string[], extra: Partial<RunProcessOptions> = {}): RunProcessOptions {
  seq++;
  return {
    command,
    cwd: dir,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    logFile: path.join(dir, "logs", `run-${seq}.log`),
    timeoutMs: 10_000,
    ...extra,
  };
}

const sh = (script: string): string[] => ["sh", "-c", script];
const logOf = (o: RunProcessOptions): string => fs.readFileSync(o.logFile, "utf8");

/** Whether a process still exists (zombies count as gone). */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(")") + 2));
  } catch {
    return false;
  }
}

async function gone(pid: number, withinMs = 3000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (alive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

const started = (): Spare => {
  const s = startSpare();
  if (!s) throw new Error("no spare although a PID namespace is available");
  return s;
};

describe.skipIf(!available)("a spare: the contained process started ahead of its command", () => {
  it("runs the command with exactly its directory, environment and stdin, and reports its exit", async () => {
    const spare = started();
    const env = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      AGENT_NAME: "a1",
      // quotes, newlines and expansions arrive as written and run nothing
      TRICKY: `a'b"c\n$(touch ${dir}/pwned) \`touch ${dir}/pwned2\` $HOME \\ end`,
    };
    const script =
      'pwd; printf "TRICKY=%s\\n" "$TRICKY"; env | grep -o "^[A-Za-z_]*="; echo "in=$(cat)"; exit 7';
    const o = opts(sh(script), { env, stdin: "hello\nworld" });
    const r = await runProcess({ ...o, spare });
    expect(r.error).toBeUndefined();
    expect(r.exitCode).toBe(7);
    expect(r.pid).toBe(spare.pid); // the group the runner ends on a timeout or cancel is the spare's
    const log = logOf(o);
    expect(log).toContain(`${dir}\n`);
    expect(log).toContain(`TRICKY=${env.TRICKY}\n`);
    expect(log).toContain("in=hello\nworld");
    // No variable of the engine's and none of the shell's own beyond PWD (a spawned shell sets it too).
    const names = [...log.matchAll(/^([A-Za-z_]+)=$/gm)].map((m) => m[1]);
    expect(names.sort()).toEqual(["AGENT_NAME", "PATH", "PWD", "TRICKY"]);
    expect(fs.existsSync(path.join(dir, "pwned"))).toBe(false);
    expect(fs.existsSync(path.join(dir, "pwned2"))).toBe(false);
    expect(await gone(spare.pid)).toBe(true);
  });

  it("runs nothing before the command is handed over, and a spare not used leaves no process", async () => {
    const spare = started();
    await new Promise((r) => setTimeout(r, 300));
    // setpriv, unshare and the namespace's shell, waiting: without the command's secrets in their environment.
    const chain = fs
      .readdirSync("/proc")
      .filter((e) => /^\d+$/.test(e))
      .map(Number)
      .filter((pid) => {
        try {
          const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
          return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) === spare.pid;
        } catch {
          return false;
        }
      });
    expect(chain).toContain(spare.pid);
    expect(chain.length).toBeGreaterThanOrEqual(2); // unshare and the shell it forked
    for (const pid of chain) {
      const environ = fs.readFileSync(`/proc/${pid}/environ`, "utf8");
      expect(environ.replace(/PWD=[^\0]*\0?/, "")).toBe("");
    }
    disposeSpare(spare);
    for (const pid of chain) expect(await gone(pid)).toBe(true);
  });

  it("a command that kills its own shell is ended by that signal, as when spawned", async () => {
    const o = opts(sh("kill -9 $$"));
    const r = await runProcess({ ...o, spare: started() });
    expect(r.signal).toBe("SIGKILL");
  });

  it("a missing directory or program is reported as before, and the spare ends", async () => {
    const spare = started();
    const r = await runProcess({ ...opts(["no-such-program-xyz"]), spare });
    expect(r.error).toBe("command not found: no-such-program-xyz");
    expect(await gone(spare.pid)).toBe(true);
    const spare2 = started();
    const r2 = await runProcess({ ...opts(["true"], { cwd: path.join(dir, "nope") }), spare: spare2 });
    expect(r2.error).toContain("working directory does not exist");
    expect(await gone(spare2.pid)).toBe(true);
  });

  it("an environment the shell could not export as given is left to a spawned process", async () => {
    const spare = started();
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", "A-B": "1", IFS: "x" };
    expect(spareScript({ command: ["true"], cwd: dir, env, mergeStderr: true })).toBeNull();
    const o = opts(sh("echo ran"), { env });
    const r = await runProcess({ ...o, spare });
    expect(r.exitCode).toBe(0);
    expect(r.pid).not.toBe(spare.pid);
    expect(logOf(o)).toMatch(/^ran$/m);
    expect(await gone(spare.pid)).toBe(true);
  });

  it("the command sees only its namespace, and the same open files as a spawned command", async () => {
    const fds = "ls -l /proc/self/fd | grep -o '[0-9]* -> [a-z/]*'";
    const script = `ls /proc | grep -c '^[0-9]'; ${fds}; kill -0 ${process.pid} && echo engine-seen`;
    const o = opts(sh(script));
    const r = await runProcess({ ...o, spare: started() });
    expect(r.exitCode).not.toBe(0); // kill -0 of the engine's pid fails: no such process in the namespace
    const [count, ...open] = logOf(o).split("\n");
    expect(Number(count)).toBeLessThanOrEqual(6);
    expect(logOf(o)).not.toContain("engine-seen");
    // Not the shell's script socket nor the input socket on fd 3 (the one listed is ls's /proc/self/fd).
    const plain = opts(sh(script));
    await runProcess(plain);
    const [, ...plainOpen] = logOf(plain).split("\n");
    const files = (lines: string[]): string[] => lines.filter((l) => l.includes("->"));
    expect(files(open)).toEqual(files(plainOpen));
    expect(files(open)).toContain("0 -> /dev/null");
  });

  it("a command run in a spare leaves one ready for the next attempt, which takes it", async () => {
    const r = await runProcess({ ...opts(["true"]), spare: started() });
    expect(r.exitCode).toBe(0);
    const kept = takeSpare();
    expect(kept).not.toBeNull();
    expect(kept?.pid).not.toBe(r.pid);
    const o = opts(sh("echo next"));
    const r2 = await runProcess({ ...o, spare: kept });
    expect(r2.pid).toBe(kept?.pid);
    expect(logOf(o)).toMatch(/^next$/m);
    disposeSpare(takeSpare()); // the one the second command left
  });

  it("a group's member takes the spare the member launched before it left, when it has none yet", async () => {
    disposeSpare(takeSpare()); // none kept: as when a group's members begin together
    const later = new AttemptSpare();
    expect(later.spare).toBeNull();
    const first = await runProcess({ ...opts(["true"]), spare: started() });
    const kept = keptSparePid();
    expect(kept).not.toBeNull();
    expect(kept).not.toBe(first.pid);
    later.start();
    expect(later.spare?.pid).toBe(kept);
    expect(keptSparePid()).toBeNull();
    const o = opts(sh("echo second"));
    expect((await runProcess({ ...o, spare: later.spare })).pid).toBe(later.spare?.pid);
    later.dispose(); // used: a no-op
    expect(logOf(o)).toMatch(/^second$/m);
    disposeSpare(takeSpare());
  });

  for (const end of ["exits", "is killed"] as const) {
    it(`a spare waiting for its command ends when the engine ${end}`, async () => {
      const module = path.join(SRC_BUILD, "engine", "process-spare.js");
      const script = `import(${JSON.stringify(module)}).then((m) => {
        const s = m.startSpare();
        process.stdout.write(String(s ? s.pid : "none") + "\\n");
        ${end === "exits" ? "setTimeout(() => undefined, 300);" : "setInterval(() => undefined, 1000);"}
      });`;
      const engine = spawn(process.execPath, ["--input-type=module", "-e", script], {
        env: { ...process.env, AGENT_FLOW_CONTAINMENT: "pid-namespace" },
        stdio: ["ignore", "pipe", "inherit"],
      });
      const pid = await new Promise<number>((done) => {
        engine.stdout.once("data", (d: Buffer) => done(Number(String(d).trim())));
      });
      expect(pid).toBeGreaterThan(0);
      expect(alive(pid)).toBe(true);
      if (end === "is killed") engine.kill("SIGKILL");
      await new Promise((done) => engine.once("exit", done));
      expect(await gone(pid)).toBe(true);
    });
  }
});
