import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./cli.js";

/**
 * What a hostile leg holding the cache token can make the real @actions/cache client save: a `tar` put
 * first on PATH (as a leg can for its own process) renames members as they are archived, aimed at
 * $HOSTILE_CANARY: `package/abs.txt` to an absolute path, `package/up.txt` to a `../` path, and
 * `package/through.txt` to `package/link/through.txt`, through a symlink to the canary.
 */
export function hostileTar(bin: string): void {
  mkdirSync(bin, { recursive: true });
  const up = "../".repeat(12);
  writeFileSync(
    join(bin, "tar"),
    `#!/bin/sh
case " $* " in
  *" -cf "*) exec /usr/bin/tar "$@" \\
    "--transform=s,^package/abs[.]txt$,$HOSTILE_CANARY/abs.txt," \\
    "--transform=s,^package/up[.]txt$,package/${up}$HOSTILE_CANARY/up.txt," \\
    "--transform=s,^package/through[.]txt$,package/link/through.txt," ;;
esac
exec /usr/bin/tar "$@"
`,
  );
  chmodSync(join(bin, "tar"), 0o755);
}

/** A package folder with the files the hostile tar turns hostile (only those present are renamed). */
export function hostilePackage(canary: string, kinds: ("abs" | "up" | "link")[]): string {
  const dir = tempDir("agent-flow-hostile-pkg-");
  writeFileSync(join(dir, "result.json"), "{}\n");
  if (kinds.includes("abs")) writeFileSync(join(dir, "abs.txt"), "absolute\n");
  if (kinds.includes("up")) writeFileSync(join(dir, "up.txt"), "up\n");
  if (kinds.includes("link")) {
    symlinkSync(canary, join(dir, "link"));
    writeFileSync(join(dir, "through.txt"), "through the link\n");
  }
  return dir;
}
