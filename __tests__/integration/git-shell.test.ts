// The engine's git commands are started by helper shells (git-shell.ts), not by forking the engine:
// what git receives (arguments, standard input, environment, folder) and what the engine reads back
// (output, errors, exit status) must be byte for byte what a direct spawn gives. Real git, no timings.
import { execFileSync } from "node:child_process";
import { mkdirSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Git } from "../../src/engine/git.js";
import { gitEnv } from "../../src/engine/git-env.js";
import { helperShells, printfFormat, shellQuote, startShells } from "../../src/engine/git-shell.js";
import { SRC_BUILD, tempDir } from "../helpers/cli.js";
import { git, makeRepo } from "../helpers/repo.js";

/** Names that shell quoting, printf escapes and the end mark must all survive. */
const ODD = [
  "it's.txt",
  'dq"uote.txt',
  "back\\slash.txt",
  "per%cent %s %d.txt",
  "new\nline.txt",
  "tab\there.txt",
  "$(touch pwned).txt",
  "`touch pwned2`.txt",
  "é ü 名前.txt",
  "ends with space ",
  "-dash-first.txt",
];

describe("git through helper shells", () => {
  afterEach(() => {
    delete process.env.AGENT_FLOW_GIT_SHELL;
  });

  it("passes arguments, input and environment through unchanged and reads output, errors and status back", async () => {
    const repo = makeRepo({ "a.txt": "a\n" });
    for (const n of ODD) writeFileSync(join(repo, n), `${n}\n`);
    const g = new Git(repo);
    // Output with NULs and odd bytes, as git prints it.
    const listed = await g.out(["ls-files", "-z", "--others", "--exclude-standard"]);
    expect(listed.split("\0").filter(Boolean).sort()).toEqual([...ODD].sort());
    // ... through a helper shell, a child of this process running /bin/sh.
    const [shell] = helperShells();
    expect(readlinkSync(`/proc/${shell}/exe`)).toMatch(/(dash|sh|bash)$/);
    // Input with NULs and odd bytes (the pathspec list), and a per-call environment (the index).
    const index = join(repo, ".git", "scratch.index");
    await g.exec(["read-tree", "HEAD"], { env: { GIT_INDEX_FILE: index } });
    await g.exec(["add", "--pathspec-from-file=-", "--pathspec-file-nul"], {
      env: { GIT_INDEX_FILE: index },
      input: `${ODD.join("\0")}\0`,
    });
    const staged = execFileSync("git", ["ls-files", "-z"], {
      cwd: repo,
      env: { ...process.env, GIT_INDEX_FILE: index },
      encoding: "utf8",
    });
    expect(staged.split("\0").filter(Boolean).sort()).toEqual([".gitignore", "a.txt", ...ODD].sort());
    // The user's own index was not touched: the variable was the command's only.
    expect(git(repo, "ls-files")).toBe(".gitignore\na.txt");
    // Arguments with quotes and substitutions are words, never code.
    const asArgs = await g.out(["ls-files", "-z", "--others", "--", ...ODD]);
    expect(asArgs.split("\0").filter(Boolean).sort()).toEqual([...ODD].sort());
    expect(execFileSync("ls", [repo], { encoding: "utf8" })).not.toContain("pwned\n");
    // Exit status and error text of a failing command; the next command on the same shell is unaffected.
    const bad = await g.exec(["rev-parse", "--verify", "no-such-ref"], { allowFailure: true });
    expect(bad.exitCode).toBe(128);
    expect(bad.stderr).toContain("fatal");
    expect(bad.stdout).toBe("");
    expect(await g.out(["rev-parse", "HEAD"])).toBe(git(repo, "rev-parse", "HEAD"));
    // Output without a final newline and output larger than a pipe's buffer.
    const big = "x".repeat(300_000);
    writeFileSync(join(repo, "big.txt"), big);
    const blob = await g.out(["hash-object", "-w", "big.txt"]);
    expect((await g.exec(["cat-file", "blob", blob])).stdout).toBe(big);
  });

  it("answers many commands at once, each with its own result, as a direct spawn does", async () => {
    const repo = makeRepo({ "a.txt": "a\n" });
    const g = new Git(repo);
    const texts = Array.from({ length: 12 }, (_, i) => `text ${i} ${"y".repeat(i * 5000)}\n`);
    const viaShells = await Promise.all(texts.map((t) => g.out(["hash-object", "--stdin"], { input: t })));
    process.env.AGENT_FLOW_GIT_SHELL = "0";
    const direct = await Promise.all(texts.map((t) => g.out(["hash-object", "--stdin"], { input: t })));
    expect(viaShells).toEqual(direct);
    expect(new Set(viaShells).size).toBe(texts.length);
  });

  it("starts the shells a wide parallel group will need, and its members' commands run on them", async () => {
    const repo = makeRepo({ "a.txt": "a\n" });
    const g = new Git(repo);
    await g.out(["rev-parse", "HEAD"]);
    startShells(7, () => gitEnv(undefined));
    const started = helperShells();
    expect(started.length).toBeGreaterThanOrEqual(7);
    const texts = Array.from({ length: 7 }, (_, i) => `member ${i}\n`);
    const outs = await Promise.all(texts.map((t) => g.out(["hash-object", "--stdin"], { input: t })));
    expect(new Set(outs).size).toBe(7);
    // No shell more, none ended: each command found one idle.
    expect(helperShells()).toEqual(started);
  });

  it("reports a folder that does not exist as a failed command", async () => {
    const repo = makeRepo({ "a.txt": "a\n" });
    const g = new Git(repo);
    const gone = join(repo, "gone");
    mkdirSync(gone);
    const r = await g.exec(["status"], { cwd: join(gone, "missing"), allowFailure: true });
    expect(r.exitCode).not.toBe(0);
  });

  it("keeps no process alive: a Node process whose helper shells are idle exits", () => {
    const repo = makeRepo({ "a.txt": "a\n" });
    const script = `const { Git } = await import(${JSON.stringify(join(SRC_BUILD, "engine", "git.js"))});
      const g = new Git(${JSON.stringify(repo)});
      const [a, b] = await Promise.all([g.out(["rev-parse", "HEAD"]), g.out(["rev-parse", "HEAD^{tree}"])]);
      process.stdout.write(a + " " + b);`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(out).toBe(`${git(repo, "rev-parse", "HEAD")} ${git(repo, "rev-parse", "HEAD^{tree}")}`);
  });

  it("quotes every byte", () => {
    const dir = tempDir("agent-flow-quote-");
    const all = Array.from({ length: 255 }, (_, i) => String.fromCharCode(i + 1)).join("") + "é名";
    const printed = execFileSync("/bin/sh", ["-c", `printf ${printfFormat(`${all}\0end`)}`], { cwd: dir });
    expect(printed.equals(Buffer.from(`${all}\0end`, "utf8"))).toBe(true);
    const echoed = execFileSync("/bin/sh", ["-c", `printf %s ${shellQuote(all)}`], { cwd: dir });
    expect(echoed.equals(Buffer.from(all, "utf8"))).toBe(true);
  });
});
