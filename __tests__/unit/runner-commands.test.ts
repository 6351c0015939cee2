import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as core from "@actions/core";
import { afterEach, describe, expect, it } from "vitest";
import * as runner from "../../src/action/runner-commands.js";
import { tempDir } from "../helpers/cli.js";

// The action's driver writes workflow commands itself instead of loading @actions/core (issue 12's cold
// start): what the runner reads must stay byte for byte what @actions/core writes.

const savedEnv = { ...process.env };
const savedExitCode = process.exitCode;
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
  process.exitCode = savedExitCode;
});

/** What `fn` writes to stdout (and nothing reaches the test's own output). */
function stdout(fn: () => void): string {
  const write = process.stdout.write;
  let text = "";
  process.stdout.write = ((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    fn();
  } finally {
    process.stdout.write = write;
  }
  return text;
}

const HOSTILE = "50% done\r\nnext: a,b::c %0A";
const WHERE = {
  title: "agent-flow: a,b",
  file: "agents/flow.yaml",
  startLine: 3,
  startColumn: 7,
  endLine: 4,
};

describe("runner-commands writes what @actions/core writes", () => {
  it("log lines, annotations (escaped, with and without a place) and groups", () => {
    const ours = stdout(() => {
      runner.info(HOSTILE);
      runner.error(HOSTILE, WHERE);
      runner.warning(HOSTILE, { title: "t" });
      runner.notice(HOSTILE);
      runner.error("no place", { file: "f.yaml", startLine: 0 });
      runner.startGroup(`Validate ${HOSTILE}`);
      runner.endGroup();
    });
    const theirs = stdout(() => {
      core.info(HOSTILE);
      core.error(HOSTILE, WHERE);
      core.warning(HOSTILE, { title: "t" });
      core.notice(HOSTILE);
      core.error("no place", { file: "f.yaml", startLine: 0 });
      core.startGroup(`Validate ${HOSTILE}`);
      core.endGroup();
    });
    expect(ours).toContain(
      "::error title=agent-flow%3A a%2Cb,file=agents/flow.yaml,line=3,endLine=4,col=7::",
    );
    expect(ours).toBe(theirs);
  });

  it("setFailed: the same error line, and the step fails", () => {
    const ours = stdout(() => runner.setFailed(HOSTILE));
    expect(process.exitCode).toBe(1);
    process.exitCode = savedExitCode;
    const theirs = stdout(() => core.setFailed(HOSTILE));
    expect(process.exitCode).toBe(1);
    expect(ours).toBe(theirs);
  });

  it("inputs: INPUT_ with spaces as underscores, upper case, trimmed; missing is empty", () => {
    process.env.INPUT_RESUME_STATE = "  run 1 \n";
    process.env["INPUT_BASE BRANCH"] = "wrong";
    process.env.INPUT_BASE_BRANCH = " main ";
    for (const name of ["resume-state", "RESUME-STATE", "base branch", "missing"])
      expect(runner.getInput(name), name).toBe(core.getInput(name));
    expect(runner.getInput("base branch")).toBe("main");
  });

  it("outputs: a heredoc block in $GITHUB_OUTPUT with an unpredictable delimiter", () => {
    const dir = tempDir();
    const value = `line 1\n${HOSTILE}\n\nlast`;
    const outputs = (setOutput: (n: string, v: string) => void): string => {
      const file = join(dir, `out-${Math.random()}`);
      writeFileSync(file, "");
      process.env.GITHUB_OUTPUT = file;
      setOutput("plan", value);
      setOutput("valid", "true");
      return readFileSync(file, "utf8");
    };
    const ours = outputs(runner.setOutput);
    const theirs = outputs(core.setOutput);
    const delimiters = [...ours.matchAll(/ghadelimiter_[0-9a-f-]{36}/g)].map((m) => m[0]);
    expect(delimiters).toHaveLength(4);
    expect(new Set(delimiters).size).toBe(2);
    const plain = (s: string) => s.replace(/ghadelimiter_[0-9a-f-]{36}/g, "DELIM");
    expect(plain(ours)).toBe(plain(theirs));
    expect(plain(ours)).toBe(`plan<<DELIM\n${value}\nDELIM\nvalid<<DELIM\ntrue\nDELIM\n`);
  });

  it("outputs: a missing $GITHUB_OUTPUT file is an error; no $GITHUB_OUTPUT falls back to ::set-output", () => {
    process.env.GITHUB_OUTPUT = join(tempDir(), "gone");
    expect(() => runner.setOutput("x", "1")).toThrow(`Missing file at path: ${process.env.GITHUB_OUTPUT}`);
    delete process.env.GITHUB_OUTPUT;
    const ours = stdout(() => runner.setOutput("x", HOSTILE));
    expect(ours).toBe(stdout(() => core.setOutput("x", HOSTILE)));
  });

  it("the job summary: appended to $GITHUB_STEP_SUMMARY; a missing variable or file is an error", async () => {
    const dir = tempDir();
    const [ours, theirs] = [join(dir, "ours.md"), join(dir, "theirs.md")];
    for (const f of [ours, theirs]) writeFileSync(f, "# before\n");
    process.env.GITHUB_STEP_SUMMARY = ours;
    await runner.appendSummary("## valid\n\n```mermaid\nA-->B\n```\n");
    process.env.GITHUB_STEP_SUMMARY = theirs;
    // A summary of its own: core.summary keeps the first file path it saw, and files sharing this worker
    // (isolate: false) may have used it with another $GITHUB_STEP_SUMMARY.
    const Summary = core.summary.constructor as new () => typeof core.summary;
    await new Summary().addRaw("## valid\n\n```mermaid\nA-->B\n```\n").write();
    expect(readFileSync(ours, "utf8")).toBe(readFileSync(theirs, "utf8"));
    delete process.env.GITHUB_STEP_SUMMARY;
    await expect(runner.appendSummary("x")).rejects.toThrow(/\$GITHUB_STEP_SUMMARY/);
    process.env.GITHUB_STEP_SUMMARY = join(dir, "gone.md");
    await expect(runner.appendSummary("x")).rejects.toThrow(/Unable to access summary file/);
  });
});
