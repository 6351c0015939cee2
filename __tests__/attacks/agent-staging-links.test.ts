// An attempt's staging folder (its output and triggers folders) is the agent's to write while it runs:
// what the agent leaves there is removed or moved into the run folder by the engine without following a
// link and without the run folder sharing a file with anything else (agent-staging.ts, agent-output.ts).
import {
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { copyOutput } from "../../src/engine/agent-output.js";
import { dropStaging, freshStaging } from "../../src/engine/agent-staging.js";
import { tempDir } from "../helpers/cli.js";

let root = "";
let victim = "";

beforeEach(() => {
  root = tempDir("agent-flow-staging-");
  // What the agent must not reach through its staging folder: a folder of the user's.
  victim = join(root, "victim");
  mkdirSync(join(victim, "inner"), { recursive: true });
  writeFileSync(join(victim, "keep.txt"), "mine\n");
  writeFileSync(join(victim, "inner", "deep.txt"), "mine too\n");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const victimIntact = (): void => {
  expect(readFileSync(join(victim, "keep.txt"), "utf8")).toBe("mine\n");
  expect(readFileSync(join(victim, "inner", "deep.txt"), "utf8")).toBe("mine too\n");
};

describe("an attempt's staging folder left by a hostile agent", () => {
  it("removes a link put in the staging folder's place, not what it points to", () => {
    const staging = join(root, "work", "a");
    mkdirSync(join(root, "work"));
    symlinkSync(victim, staging);
    dropStaging(staging);
    expect(existsSync(staging)).toBe(false);
    victimIntact();
  });

  it("removes links inside it (to a folder, to a file) without following them", () => {
    const staging = join(root, "work", "a");
    mkdirSync(join(staging, "output", "sub"), { recursive: true });
    writeFileSync(join(staging, "output", "sub", "x.txt"), "x\n");
    symlinkSync(victim, join(staging, "output", "dir-link"));
    symlinkSync(join(victim, "keep.txt"), join(staging, "triggers"));
    dropStaging(staging);
    expect(existsSync(staging)).toBe(false);
    victimIntact();
  });

  it("makes a real folder where the agent put a link, on the next attempt", async () => {
    const staging = join(root, "work", "a");
    mkdirSync(join(root, "work"));
    symlinkSync(victim, staging);
    const s = await freshStaging(staging);
    expect(lstatSync(staging).isDirectory()).toBe(true);
    expect(lstatSync(s.outputDir).isDirectory()).toBe(true);
    victimIntact();
    expect(existsSync(join(victim, "output"))).toBe(false);
  });

  it("copies an output file that is a hard link to another file: the run folder shares nothing", async () => {
    const out = join(root, "staging-output");
    const final = join(root, "run", "a");
    mkdirSync(out);
    linkSync(join(victim, "keep.txt"), join(out, "report.md"));
    writeFileSync(join(out, "plain.md"), "plain\n");
    await copyOutput(out, final);
    expect(readFileSync(join(final, "report.md"), "utf8")).toBe("mine\n");
    expect(statSync(join(final, "report.md")).ino).not.toBe(statSync(join(victim, "keep.txt")).ino);
    expect(statSync(join(final, "report.md")).nlink).toBe(1);
    expect(readFileSync(join(final, "plain.md"), "utf8")).toBe("plain\n");
    victimIntact();
  });
});
