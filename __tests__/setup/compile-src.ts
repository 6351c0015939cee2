import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { build } from "rolldown";
import { transformSync } from "rolldown/utils";
import {
  ACTION,
  CACHE_TRANSPORT,
  CLI,
  PRESET_JOB_ENTRY,
  PRESET_JOB_MODULES,
  ROOT,
  SRC_BUILD,
  TEST_BIN,
} from "../helpers/cli.js";

/**
 * Tests run the CLI and the action from src/, compiled once per test run into build/test-src (inside the
 * repository, so that node_modules resolves): never the committed dist/, which one smoke test covers.
 * The two entries are then bundled into one file each (build/test-bin), as dist/ is: a bundle starts in
 * about half the CPU time of ~250 separate modules, and the suite starts the CLI hundreds of times.
 *
 * The compile strips the types only (oxc, through rolldown: under a second for src/), where `tsc` took
 * ~20 s of one core before any test could start, and ~8 s even when nothing had changed. Types are
 * checked by `npm test` before vitest runs (`tsc --noEmit`, tests included), and the dist test compiles
 * with tsc itself, as the build does, to compare with what dist/ was built from.
 */
export default async function setup(): Promise<void> {
  // From scratch each time: an output left by a deleted source must not be importable.
  rmSync(SRC_BUILD, { recursive: true, force: true });
  const src = join(ROOT, "src");
  const errors: string[] = [];
  for (const rel of readdirSync(src, { recursive: true, encoding: "utf8" })) {
    if (!rel.endsWith(".ts") || rel.endsWith(".d.ts")) continue;
    const file = join(src, rel);
    const out = transformSync(file, readFileSync(file, "utf8"), { lang: "ts", sourceType: "module" });
    if (out.errors.length > 0) errors.push(...out.errors.map((e) => `src/${rel}: ${e.message}`));
    const target = join(SRC_BUILD, rel.replace(/\.ts$/, ".js"));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, out.code);
  }
  if (errors.length > 0) throw new Error(`src/ does not compile:\n${errors.join("\n")}`);
  writeFileSync(join(SRC_BUILD, "package.json"), JSON.stringify({ type: "module" }));
  writeFileSync(join(SRC_BUILD, "preset-job.js"), PRESET_JOB_ENTRY);
  await Promise.all(
    [
      [join(SRC_BUILD, "cli/index.js"), CLI],
      [join(SRC_BUILD, "action/index.js"), ACTION],
      [join(SRC_BUILD, "action/cache-transport.js"), CACHE_TRANSPORT],
      [join(SRC_BUILD, "preset-job.js"), PRESET_JOB_MODULES],
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
