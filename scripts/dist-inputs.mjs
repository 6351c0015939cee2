// What dist/ is built from, as one digest: the JavaScript that tsc makes of src/ (tsconfig.build.json),
// the lock file (ncc's version and every bundled package), and the build scripts. scripts/build.mjs
// records it in dist/inputs.json beside the digest of every file it wrote (the entries and their chunks); the dist test compares it with the
// test run's compile of src/, so a stale dist/ fails without a minutes-long rebuild.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const MANIFEST = "inputs.json";
/** The two entries: the action's (action.yml's main) and the CLI's (package.json's bin). */
export const BUNDLES = ["index.js", "cli/index.js"];
/** Written beside the bundles so that Node loads them (and their chunks) as ES modules. */
export const PACKAGE_FILES = ["package.json", "cli/package.json"];

function jsFiles(dir, prefix = "") {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((d) => {
    const rel = prefix ? `${prefix}/${d.name}` : d.name;
    if (d.isDirectory()) return jsFiles(dir, rel);
    return rel.endsWith(".js") ? [rel] : [];
  });
}

/** The digest of dist/'s inputs, given `jsDir`: tsc's output for src/ (files of deleted sources skipped). */
export function inputsDigest(root, jsDir) {
  const h = createHash("sha256");
  const part = (name, data) => h.update(`${name}\0${data.length}\0`).update(data);
  for (const rel of jsFiles(jsDir).sort()) {
    // An incremental compile keeps the output of a deleted source; a clean build has none.
    if (!existsSync(join(root, "src", rel.replace(/\.js$/, ".ts")))) continue;
    part(`src/${rel}`, readFileSync(join(jsDir, rel)));
  }
  for (const f of [
    "package-lock.json",
    "scripts/build.mjs",
    "scripts/dist-inputs.mjs",
    "tsconfig.build.json",
  ])
    part(f, readFileSync(join(root, f)));
  return h.digest("hex");
}

export function fileDigest(path) {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}
