import { chmodSync, copyFileSync, existsSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { CLI, tempDir } from "./cli.js";

/**
 * For tests that start the engine as the unprivileged `nobody` (setpriv) while the suite runs as root:
 * that user must reach its files. The test CLI bundle lives in the repository, whose parent folders may
 * be private (a clone under /root), so nobody gets a copy of it (one self-contained file); the temp
 * folder must be searchable by others, which a private TMPDIR (`mktemp -d` makes 0700) is not.
 */
let copied: string | null = null;
export function cliForOthers(): string {
  for (let dir = tmpdir(); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0)
      throw new Error(
        `${dir} is not searchable by other users, so the tests that run the engine as nobody cannot reach their folders under TMPDIR=${tmpdir()}: chmod o+x it, or set TMPDIR to a folder that is (.ci/run does)`,
      );
    if (dir === dirname(dir)) break;
  }
  // Per test file: its temp folders go when the file ends.
  if (copied && existsSync(copied)) return copied;
  const bin = tempDir("agent-flow-cli-for-others-");
  chmodSync(bin, 0o755);
  copyFileSync(CLI, join(bin, "cli.js"));
  copyFileSync(join(dirname(CLI), "package.json"), join(bin, "package.json"));
  copied = join(bin, "cli.js");
  return copied;
}
