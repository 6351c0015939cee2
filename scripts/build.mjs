#!/usr/bin/env node
// Compiles src/ with tsc, then bundles the action and the CLI with ncc into dist/ (or --out DIR), and
// records in dist/inputs.json what they were built from and every file it wrote (see dist-inputs.mjs; the
// dist test checks both).
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { BUNDLES, fileDigest, inputsDigest, MANIFEST, PACKAGE_FILES } from "./dist-inputs.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outIndex = process.argv.indexOf("--out");
const out = outIndex > 0 ? resolve(process.argv[outIndex + 1]) : join(root, "dist");
// Inside the repository so that ncc resolves packages from node_modules/, and always at the same path:
// ncc numbers modules by their path, so a random folder would make every build differ from dist/. A lock folder keeps two builds (a test and
// a developer's) from sharing it at once.
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
  rmSync(out, { recursive: true, force: true });
  // One ncc build per entry, minified (-m: fewer bytes to read and parse at every start). Each dynamic
  // import() becomes a chunk file beside its entry (`<id>.index.js`; ncc numbers modules by their path,
  // which is why the build always runs in the same folder): a command's code (zod, yaml, the engine,
  // octokit, the Actions cache) is read and compiled only when that command runs (issue 12's cold start).
  for (const [entry, dir] of [
    ["action/index.js", out],
    ["cli/index.js", join(out, "cli")],
  ]) {
    const tmp = join(work, "out", entry);
    run(bin("ncc"), ["build", join(work, "js", entry), "-o", tmp, "--target", "es2022", "-m", "--quiet"]);
    cpSync(tmp, dir, { recursive: true });
  }
  for (const dir of ["", "cli"]) writeFileSync(join(out, dir, "package.json"), '{"type":"module"}\n');
  const written = readdirSync(out, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(out.length + 1))
    .filter((f) => !PACKAGE_FILES.includes(f))
    .sort();
  // Our code reads only the user's files: anything but JavaScript here (an asset a plugin or a library
  // pulled in) is a mistake to fix in src/, not to ship.
  const extra = written.filter((f) => !f.endsWith(".js"));
  if (extra.length > 0) throw new Error(`the bundler emitted unexpected files: ${extra.join(", ")}`);
  for (const b of BUNDLES) if (!written.includes(b)) throw new Error(`the bundler emitted no ${b}`);
  const cli = join(out, "cli", "index.js");
  const text = readFileSync(cli, "utf8");
  if (!text.startsWith("#!")) writeFileSync(cli, `#!/usr/bin/env node\n${text}`);
  chmodSync(cli, 0o755);
  const files = Object.fromEntries(written.map((f) => [f, fileDigest(join(out, f))]));
  const manifest = { inputs: inputsDigest(root, join(work, "js")), bundles: files };
  writeFileSync(join(out, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
