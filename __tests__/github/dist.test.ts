import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs module of the build, without types
import { BUNDLES, fileDigest, inputsDigest, MANIFEST, PACKAGE_FILES } from "../../scripts/dist-inputs.mjs";
import { cli, DIST_ACTION, DIST_CLI, ROOT, tempDir } from "../helpers/cli.js";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe("dist/", () => {
  // dist/inputs.json records what the bundles were built from (scripts/dist-inputs.mjs): src/ compiled by
  // tsc as the build compiles it (the suite's own build/test-src only strips types), so compile it here.
  const manifest = JSON.parse(readFileSync(join(ROOT, "dist", MANIFEST), "utf8")) as {
    inputs: string;
    bundles: Record<string, string>;
  };

  it("is up to date with src/ (run `npm run build` and commit dist/)", () => {
    const js = tempDir("agent-flow-dist-js-");
    const tsc = spawnSync(
      join(ROOT, "node_modules", ".bin", "tsc"),
      // --noCheck: the same output, without the type check `npm test` has made already.
      ["-p", "tsconfig.build.json", "--outDir", js, "--noCheck"],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(inputsDigest(ROOT, js), "dist/ was built from other sources, packages or build scripts").toBe(
      manifest.inputs,
    );
  }, 120_000); // a tsc compile of src/: ~15 s of one core

  it("holds the bundles the build made, and nothing else", () => {
    const committed = files(join(ROOT, "dist"))
      .map((f) => relative(join(ROOT, "dist"), f))
      .sort();
    // The two entries and the chunks they import: every one recorded by the build, none added or lost.
    expect(committed).toEqual([...Object.keys(manifest.bundles), ...PACKAGE_FILES, MANIFEST].sort());
    for (const b of BUNDLES) expect(Object.keys(manifest.bundles)).toContain(b);
    for (const [b, digest] of Object.entries(manifest.bundles))
      expect(fileDigest(join(ROOT, "dist", b)), `dist/${b} changed after the build`).toBe(digest);
  });

  it("names the CLI bundle as package.json's bin and the action bundle as action.yml's main", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      bin: Record<string, string>;
    };
    expect(pkg.bin["agent-flow"]).toBe("dist/cli/index.js");
    expect(
      readFileSync(join(ROOT, pkg.bin["agent-flow"] as string), "utf8").startsWith("#!/usr/bin/env node"),
    ).toBe(true);
    expect(readFileSync(join(ROOT, "action.yml"), "utf8")).toMatch(/main: dist\/index\.js/);
  });

  it("smoke: the committed CLI bundle validates and plans the demo flow, and the action bundle starts", () => {
    const demo = join(ROOT, "examples/demo/repo");
    expect(cli(["--help"], { cwd: demo, bin: DIST_CLI }).code).toBe(0);
    // The demo folder sits inside this repository: name its flow, or the root's agents/flow.yaml is meant.
    const v = cli(["validate", "--flow", "agents/flow.yaml"], { cwd: demo, bin: DIST_CLI });
    expect(v.stderr).toBe("");
    expect(v.code).toBe(0);
    const p = cli(["plan", "--format", "json", "--flow", "agents/flow.yaml"], { cwd: demo, bin: DIST_CLI });
    expect(JSON.parse(p.stdout)).toMatchObject({ schema: "agent-flow/plan@1", workflow: "idea_to_feature" });
    const a = spawnSync(process.execPath, [DIST_ACTION], {
      cwd: demo,
      env: { PATH: process.env.PATH, INPUT_COMMAND: "validate", INPUT_FLOW: "agents/flow.yaml" },
      encoding: "utf8",
    });
    expect(a.status, a.stdout + a.stderr).toBe(0);
  });
});
