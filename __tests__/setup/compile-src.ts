import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, SRC_BUILD } from "../helpers/cli.js";

/**
 * Tests run the CLI and the action from src/, compiled once per test run into build/test-src (inside the
 * repository, so that node_modules resolves): never the committed dist/, which one smoke test covers.
 */
export default function setup(): void {
  // Incremental: a run after a small change recompiles only what changed (build/ is ignored by git).
  execFileSync(
    join(ROOT, "node_modules", ".bin", "tsc"),
    [
      "-p",
      "tsconfig.build.json",
      "--outDir",
      SRC_BUILD,
      "--incremental",
      "--tsBuildInfoFile",
      `${SRC_BUILD}.tsbuildinfo`,
    ],
    { cwd: ROOT, stdio: "inherit" },
  );
  writeFileSync(join(SRC_BUILD, "package.json"), JSON.stringify({ type: "module" }));
}
