#!/usr/bin/env node
// Compiles src/ with tsc, then bundles the action and the CLI with ncc into dist/ (or --out DIR), and
// records in dist/inputs.json what they were built from (see dist-inputs.mjs; the dist test checks it).
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { BUNDLES, fileDigest, inputsDigest, MANIFEST } from "./dist-inputs.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outIndex = process.argv.indexOf("--out");
const out = outIndex > 0 ? resolve(process.argv[outIndex + 1]) : join(root, "dist");
// Inside the repository so that ncc resolves packages from node_modules/, and always at the same path:
// ncc numbers modules by their path, so a random folder would make every build differ from dist/.
// A lock folder keeps two builds (a test and a developer's) from sharing it at once.
mkdirSync(join(root, "build"), { recursive: true });
const work = join(root, "build", "bundle");
const lock = join(root, "build", "bundle.lock");
const deadline = Date.now() + 120_000;
for (;;) {
  try {
    mkdirSync(lock);
    break;
  } catch {
    if (Date.now() > deadline)
      throw new Error(`${lock} is held by another build; delete it if no build is running`);
    execFileSync("sleep", ["0.2"]);
  }
}
process.on("exit", () => rmSync(lock, { recursive: true, force: true }));
rmSync(work, { recursive: true, force: true });
const bin = (name) => join(root, "node_modules", ".bin", name);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });

try {
  run(bin("tsc"), ["-p", "tsconfig.build.json", "--outDir", join(work, "js")]);
  // ncc needs to see package.json's "type": "module" beside the compiled files to emit ESM.
  writeFileSync(join(work, "js", "package.json"), JSON.stringify({ type: "module" }));
  const bundles = [
    { entry: "action/index.js", dir: out },
    { entry: "cli/index.js", dir: join(out, "cli") },
  ];
  rmSync(out, { recursive: true, force: true });
  for (const b of bundles) {
    const tmp = join(work, "out", b.entry);
    // Minified (-m): a smaller bundle compiles faster at every start (issue 12's cold start). Still one
    // file per bundle: a dynamic import() without webpackMode "eager" would add a chunk (refused below).
    run(bin("ncc"), ["build", join(work, "js", b.entry), "-o", tmp, "--target", "es2022", "-m", "--quiet"]);
    cpSync(tmp, b.dir, { recursive: true });
  }
  // ncc copies files that code seems to read (e.g. resolve(dir, "x.json")) next to the bundle; our code
  // reads only the user's files, so any such asset is a mistake to fix in src/, not to ship.
  const extra = readdirSync(out, { recursive: true }).filter(
    (f) =>
      !["index.js", "package.json", "cli", "cli/index.js", "cli/package.json", MANIFEST].includes(String(f)),
  );
  if (extra.length > 0) throw new Error(`ncc emitted unexpected assets: ${extra.join(", ")}`);
  const cli = join(out, "cli", "index.js");
  const text = readFileSync(cli, "utf8");
  if (!text.startsWith("#!")) writeFileSync(cli, `#!/usr/bin/env node\n${text}`);
  chmodSync(cli, 0o755);
  const digests = Object.fromEntries(BUNDLES.map((b) => [b, fileDigest(join(out, b))]));
  const manifest = { inputs: inputsDigest(root, join(work, "js")), bundles: digests };
  writeFileSync(join(out, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
