import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/flow/diagnostics.js";
import { loadFlowText } from "../../src/flow/load.js";

/**
 * A corpus of broken flows: each `NN-name.yaml` sits next to `NN-name.expected`, which holds the exact
 * diagnostics `agent-flow validate` prints for it (one per line, in position order).
 */
const dir = fileURLToPath(new URL("../fixtures/broken-flows/", import.meta.url));
const files = readdirSync(dir).sort();
const cases = files.filter((f) => f.endsWith(".yaml")).map((f) => f.slice(0, -".yaml".length));

const expectedLines = (name: string): string[] =>
  readFileSync(join(dir, `${name}.expected`), "utf8")
    .split("\n")
    .filter((line) => line !== "");

describe("broken flows corpus", () => {
  it("has at least 40 cases, each yaml paired with its .expected", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const expectedFiles = files
      .filter((f) => f.endsWith(".expected"))
      .map((f) => f.slice(0, -".expected".length));
    expect(expectedFiles).toEqual(cases);
    expect(files.filter((f) => !f.endsWith(".yaml") && !f.endsWith(".expected"))).toEqual([]);
  });

  it.each(cases)("%s", (name) => {
    const text = readFileSync(join(dir, `${name}.yaml`), "utf8");
    const result = loadFlowText("agents/flow.yaml", text, {});
    const expected = expectedLines(name);
    expect(expected.length).toBeGreaterThan(0);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual(expected);
    // A flow with errors runs nothing.
    expect(result.flow).toBeUndefined();
  });
});
