/**
 * The presets' command lines against the real CLIs (installed by scripts/test-clis.mjs from the lock
 * file in __tests__/agents/clis/): the pinned version is the installed one, and every flag a preset
 * passes is one the CLI documents in its `--help` at that version (the end-to-end tests in
 * real-clis.test.ts show the CLIs accept them).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { findPreset, presetNames, requirePreset } from "../../src/flow/presets/index.js";
import { CLIS_MANIFEST, testCliBin } from "./clis.js";

let BIN = "";
beforeAll(() => {
  BIN = testCliBin();
}, 900_000);
/** Accepted but left out of `--help` by the CLI itself; the end-to-end test passes each of them. */
const HIDDEN: Record<string, string[]> = { "claude-code": ["--max-turns"] };

const CALL = {
  promptFile: "/p/prompt.md",
  workspace: "/w",
  writableDirs: ["/o", "/t"],
  scratchDir: "/s",
  model: "m",
  args: [],
};

describe.each(["claude-code", "codex", "gemini"])("the %s preset", (name) => {
  const preset = requirePreset(name);
  const argv = preset.command({ ...CALL, ...(preset.maxTurns ? { maxTurns: 3 } : {}) }).argv;

  it("pins the version the tests install and run", () => {
    const pkg = JSON.parse(readFileSync(join(BIN, "..", preset.install.package, "package.json"), "utf8")) as {
      version: string;
    };
    expect(preset.install.manager).toBe("npm");
    expect(pkg.version).toBe(preset.install.version);
    const deps = (
      JSON.parse(readFileSync(join(CLIS_MANIFEST, "package.json"), "utf8")) as {
        dependencies: Record<string, string>;
      }
    ).dependencies;
    expect(deps[preset.install.package]).toBe(preset.install.version);
  });

  it("uses only flags its CLI's --help documents", () => {
    // `codex exec --help` for `codex exec ...`: the words before the first flag name the command
    const words = argv.slice(
      1,
      argv.findIndex((a) => a.startsWith("-")),
    );
    const r = spawnSync(join(BIN, preset.program), [...words, "--help"], {
      encoding: "utf8",
      // no relaunch of Gemini CLI into a bigger heap: --help needs none, and it halves the time
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1", GEMINI_CLI_NO_RELAUNCH: "true" },
      timeout: 60_000,
    });
    const help = `${r.stdout}${r.stderr}`;
    expect(r.status, help).toBe(0);
    const flags = argv.filter((a) => /^--?[a-zA-Z]/.test(a) && !(HIDDEN[name] ?? []).includes(a));
    expect(flags.length).toBeGreaterThan(3);
    const undocumented = flags.filter((f) => !new RegExp(`(^|[\\s,])${f}([\\s,=<\\[]|$)`, "m").test(help));
    expect(undocumented).toEqual([]);
  }, 60_000);

  it("never hands the prompt to a shell, and says how it feeds it", () => {
    expect(argv[0]).toBe(preset.program);
    expect(argv).not.toContain("sh");
    expect(argv.join(" ")).not.toContain("$(");
    expect(preset.promptVia).toBe("stdin");
  });
});

describe("the preset registry", () => {
  it("knows the four presets, and names them when asked for another", () => {
    expect(presetNames()).toEqual(["claude-code", "codex", "gemini", "aider"]);
    expect(findPreset("claude")).toBeUndefined();
    expect(() => requirePreset("claude")).toThrow(
      "unknown preset 'claude' (known: claude-code, codex, gemini, aider)",
    );
  });

  it("passes aider its prompt as a file path", () => {
    const argv = requirePreset("aider").command({ ...CALL, args: [] }).argv;
    expect(argv.slice(-2)).toEqual(["--message-file", "/p/prompt.md"]);
  });
});
