import { GITHUB_PATHS, type Policy } from "../flow/schema.js";
import { compileScopes } from "../flow/scopes.js";
import { quoteName, safeText } from "./quote.js";

export interface ScopeViolation {
  path: string;
  reason: string;
}

/**
 * Checks the files a step changed against what it may write. Run after every agent and again by the
 * commit step, so an agent cannot reach a protected path even when its `writes:` would allow it.
 */
export function checkChangedPaths(
  changed: readonly string[],
  writes: readonly string[],
  policy: Policy,
): ScopeViolation[] {
  const allowed = compileScopes(writes);
  const protectedPaths = [...(policy.allow_github ? [] : [GITHUB_PATHS]), ...policy.protected];
  const isProtected = protectedPaths.map((p) => ({ glob: p, match: compileScopes([p]) }));
  const out: ScopeViolation[] = [];
  for (const path of changed) {
    const hit = isProtected.find((p) => p.match(path));
    if (hit) {
      out.push({
        path,
        reason:
          hit.glob === GITHUB_PATHS
            ? "workflow files under .github/ are protected"
            : `protected by policy ('${hit.glob}')`,
      });
    } else if (!allowed(path)) {
      out.push({
        path,
        reason: writes.length
          ? `outside its writes (${writes.join(", ")})`
          : "the agent may not change repository files (no writes:)",
      });
    }
  }
  return out;
}

export function describeViolations(v: readonly ScopeViolation[], limit = 20): string {
  const shown = v.slice(0, limit).map((x) => `  ${quoteName(x.path)}: ${safeText(x.reason)}`);
  if (v.length > limit) shown.push(`  ... and ${v.length - limit} more`);
  return shown.join("\n");
}

/** One record of `git diff --raw`: the new mode and object id (zeros for a deletion), and the path. */
export interface RawRecord {
  mode: string;
  oid: string;
  path: string;
  /** The mode before; undefined when the caller did not keep it (then looked up in the base tree). */
  oldMode?: string;
}

/** Reads blobs and modes from git objects only (never from a worktree an agent could still change). */
export interface ObjectReader {
  /** The blob's bytes as text (a symlink's target). */
  blob(oid: string): Promise<string>;
  /** Mode of each path in `base` (absent when the path is not there); names are taken literally. */
  modes(base: string, paths: readonly string[]): Promise<Map<string, string>>;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A path as it can be shown on one line: control characters and quotes escaped (JSON string syntax). */
export const showPath = (path: string): string => (CONTROL.test(path) ? JSON.stringify(path) : path);

/** Where a symlink at `path` with `target` points, relative to the repository root; null when it leaves it. */
export function symlinkTarget(path: string, target: string): string | null {
  if (target.startsWith("/") || target === "") return null;
  const parts = path.split("/").slice(0, -1);
  for (const seg of target.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(seg);
  }
  // The root itself (`x -> .`) is no file an agent may own.
  return parts.length > 0 ? parts.join("/") : null;
}

const baseName = (path: string): string => path.slice(path.lastIndexOf("/") + 1);

/**
 * The checks that the path globs cannot make, over the raw records of a change: the kind of each entry
 * (symlink, gitlink, executable bit), files that change how git shows or fetches the tree
 * (`.gitattributes`, `.gitmodules`), and names a glob cannot be trusted with (control characters: `**`
 * does not match a newline). `writesOf` gives, per path, the scopes of the agents that wrote it.
 */
export async function checkChangeKinds(
  records: readonly RawRecord[],
  writesOf: (path: string) => readonly string[],
  policy: Policy,
  base: string,
  objects: ObjectReader,
): Promise<ScopeViolation[]> {
  const out: ScopeViolation[] = [];
  const needModes = records.filter((r) => r.mode === "100755" && r.oldMode === undefined).map((r) => r.path);
  const baseModes = needModes.length > 0 ? await objects.modes(base, needModes) : new Map<string, string>();
  for (const r of records) {
    const path = showPath(r.path);
    const deleted = /^0+$/.test(r.mode);
    if (CONTROL.test(r.path)) {
      out.push({ path, reason: "its name contains control characters (scopes cannot be checked on it)" });
      continue;
    }
    const name = baseName(r.path);
    if (name === ".gitattributes" && !policy.allow_gitattributes) {
      out.push({ path, reason: "changes to .gitattributes are refused (policy.allow_gitattributes)" });
    }
    if (name === ".gitmodules" && !policy.allow_submodules) {
      out.push({ path, reason: "changes to .gitmodules are refused (policy.allow_submodules)" });
    }
    if (deleted) continue;
    if (r.mode === "160000" && !policy.allow_submodules) {
      out.push({
        path,
        reason: "gitlinks (submodule entries, mode 160000) are refused (policy.allow_submodules)",
      });
    } else if (r.mode === "100755" && !policy.allow_executable) {
      const before = r.oldMode ?? baseModes.get(r.path) ?? "000000";
      if (before !== "100755")
        out.push({ path, reason: "new executable bits are refused (policy.allow_executable)" });
    } else if (r.mode === "120000" && !policy.allow_symlinks) {
      const target = await objects.blob(r.oid);
      const inRepo = CONTROL.test(target) ? null : symlinkTarget(r.path, target);
      const writes = writesOf(r.path);
      const ok = inRepo !== null && checkChangedPaths([inRepo], writes, policy).length === 0;
      if (!ok)
        out.push({
          path,
          reason: `symlink to ${showPath(target)}, which leaves the agent's scopes (policy.allow_symlinks)`,
        });
    }
  }
  return out;
}
