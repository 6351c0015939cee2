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
