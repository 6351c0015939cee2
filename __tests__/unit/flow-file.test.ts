import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { branchNameProblem } from "../../src/flow/commit-rules.js";
import { formatDiagnostic } from "../../src/flow/diagnostics.js";
import { loadFlowFile, loadFlowText, MAX_FLOW_BYTES } from "../../src/flow/load.js";
import { promptDiagnostics } from "../../src/flow/prompt-files.js";
import { tempDir } from "../helpers/cli.js";

const problems = async (file: string): Promise<string[]> =>
  (await loadFlowFile(file)).diagnostics.map(formatDiagnostic);

describe("the flow file must be a regular file under the size cap, refused before it is read", () => {
  it("refuses a FIFO at once instead of waiting for a writer", async () => {
    const dir = tempDir();
    const fifo = join(dir, "flow.yaml");
    execFileSync("mkfifo", [fifo]);
    const started = Date.now();
    expect(await problems(fifo)).toEqual([
      `${fifo}: is a FIFO (named pipe); the flow must be a regular file; pass the path of one`,
    ]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("says when a symbolic link leads to one, and follows a link to a regular file", async () => {
    const dir = tempDir();
    execFileSync("mkfifo", [join(dir, "pipe")]);
    symlinkSync(join(dir, "pipe"), join(dir, "via-link.yaml"));
    expect(await problems(join(dir, "via-link.yaml"))).toEqual([
      `${join(dir, "via-link.yaml")}: is a symbolic link to a FIFO (named pipe); the flow must be a regular file; pass the path of one`,
    ]);
    writeFileSync(join(dir, "real.yaml"), "version: 1\nagents: {}\nworkflows: {}\n");
    symlinkSync(join(dir, "real.yaml"), join(dir, "flow.yaml"));
    expect((await problems(join(dir, "flow.yaml"))).join("\n")).toContain("declares no agents");
  });

  it("refuses a directory and a character device", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "agents"));
    expect(await problems(join(dir, "agents"))).toEqual([
      `${join(dir, "agents")}: is a directory; pass the path of the flow file`,
    ]);
    expect(await problems("/dev/null")).toEqual([
      "/dev/null: is a character device; the flow must be a regular file; pass the path of one",
    ]);
  });

  it("refuses a file over the cap, naming the cap and the size, without parsing it", async () => {
    const dir = tempDir();
    const big = join(dir, "flow.yaml");
    const size = 10 * 1024 * 1024;
    writeFileSync(big, `version: 1\n${"# padding\n".repeat(size / 10)}`.slice(0, size));
    const started = Date.now();
    expect(await problems(big)).toEqual([
      `${big}: is ${size} bytes (10.0 MiB), more than the 1.0 MiB a flow file may have; is this the right file?`,
    ]);
    expect(Date.now() - started).toBeLessThan(10_000);
    // exactly at the cap is read
    writeFileSync(big, `version: 1\n${" ".repeat(MAX_FLOW_BYTES - 11)}`);
    expect((await problems(big)).join("\n")).not.toContain("bytes");
  });
});

describe("branchNameProblem follows git check-ref-format --branch", () => {
  const names = [
    "feature/x-1",
    "HEAD",
    "-x",
    "a..b",
    "a.lock",
    "a/.b",
    "a b",
    "a@{b}",
    "a/",
    "a//b",
    "/a",
    "a~",
    "a^",
    "a:b",
    "a?",
    "a*",
    "a[",
    "a\\b",
    "a.",
    "a/b.lock/c",
    ".a",
    "@a",
    "a@b",
    "{x}",
    "é/ü",
    "a\tb",
    "a/-b",
    "HEAD/x",
    "x/HEAD",
    "a.b",
    "release/v1.2",
    "a\u007fb",
  ];
  it.each(names)("%j", (name) => {
    const git = spawnSync("git", ["check-ref-format", "--branch", name], { cwd: tempDir() });
    expect(branchNameProblem(name) === null, `git says ${git.status}`).toBe(git.status === 0);
  });
});

describe("prompt files", () => {
  it("are read many at a time, their problems reported in the flow's order", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "prompts"));
    const n = 40;
    const agents: string[] = [];
    for (let i = 1; i <= n; i++) {
      agents.push(
        `  a${i}:\n    run: "true"\n    prompt_file: prompts/a${i}.md\n    writes: [out/a${i}.txt]`,
      );
      if (i % 10 === 3) continue; // missing
      // The first prompt is the largest (read last when reads run at once); every fifth one names an unknown placeholder.
      const body = i === 1 ? `${"x".repeat(3_000_000)}\n` : "Work on {{feature}}.\n";
      writeFileSync(join(dir, "prompts", `a${i}.md`), i % 5 === 1 ? `${body}then {{nope}}\n` : body);
    }
    const steps = Array.from({ length: n }, (_, i) => `      - agent: a${i + 1}`).join("\n");
    const text = `version: 1\nagents:\n${agents.join("\n")}\nworkflows:\n  idea_to_feature:\n    steps:\n${steps}\n`;
    const loaded = loadFlowText(join(dir, "flow.yaml"), text);
    expect(loaded.diagnostics).toEqual([]);
    if (!loaded.flow || !loaded.source) throw new Error("no flow");
    const found = await promptDiagnostics(loaded.flow, loaded.source, dir);
    const agentOf = (d: { path: string; message: string }): string =>
      /agents\.(a\d+)\./.exec(d.path)?.[1] ?? /agent '(a\d+)'/.exec(d.message)?.[1] ?? "?";
    const expected = [];
    for (let i = 1; i <= n; i++) if (i % 10 === 3 || i % 5 === 1) expected.push(`a${i}`);
    expect(found.map(agentOf)).toEqual(expected);
    expect(found[0]?.message).toContain("unknown placeholder {{nope}}");
    expect(found[1]?.message).toContain("no such file");
  });
});
