import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "rolldown";
import { ACTION, CLI, ROOT, SRC_BUILD, TEST_BIN } from "../helpers/cli.js";

/**
 * Tests run the CLI and the action from src/, compiled once per test run into build/test-src (inside the
 * repository, so that node_modules resolves): never the committed dist/, which one smoke test covers.
 * The two entries are then bundled into one file each (build/test-bin), as dist/ is: a bundle starts in
 * about half the CPU time of ~250 separate modules, and the suite starts the CLI hundreds of times.
 */
export default async function setup(): Promise<void> {
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
  await Promise.all(
    [
      [join(SRC_BUILD, "cli/index.js"), CLI],
      [join(SRC_BUILD, "action/index.js"), ACTION],
    ].map(([input, file]) =>
      build({
        input,
        platform: "node",
        // A warning here (say, a circular import) is worth a look but must not stop the tests.
        logLevel: "warn",
        output: { file, format: "esm", codeSplitting: false },
      }),
    ),
  );
  writeFileSync(join(TEST_BIN, "package.json"), JSON.stringify({ type: "module" }));
}
