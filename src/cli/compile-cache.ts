import module from "node:module";
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";

type EnableCompileCache = (dir?: string) => unknown;

/**
 * Where V8 keeps the CLI's compiled code between starts: `$XDG_CACHE_HOME/agent-flow/compile-cache`, else
 * `~/.cache/agent-flow/compile-cache` (beside the worktree pools); never inside a repository.
 */
export function compileCacheDir(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CACHE_HOME;
  const cache = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), ".cache");
  return join(cache, "agent-flow", "compile-cache");
}

/**
 * Turns on Node's on-disk compile cache (module.enableCompileCache, Node 22.8+; on older Nodes this does
 * nothing), so that a later start loads the command's chunks without parsing and compiling them again.
 * Called before the first dynamic import: only modules loaded after it are cached. As for any Node
 * program, NODE_COMPILE_CACHE=DIR puts the cache elsewhere and NODE_DISABLE_COMPILE_CACHE=1 turns it off;
 * a cache that cannot be written is no reason to fail a command.
 */
export function enableCompileCache(env: NodeJS.ProcessEnv): void {
  const enable = (module as unknown as { enableCompileCache?: EnableCompileCache }).enableCompileCache;
  if (typeof enable !== "function" || env.NODE_DISABLE_COMPILE_CACHE) return;
  try {
    enable(env.NODE_COMPILE_CACHE ? undefined : compileCacheDir(env));
  } catch {
    // an optimisation only
  }
}
