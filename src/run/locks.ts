// The locks moved to src/lib/locks/. This re-export keeps the importers that belong to other work in
// progress (src/engine/agent-run.ts, src/engine/worktree-pool.ts) compiling; point them at
// ../lib/locks/index.js and delete this file.
export * from "../lib/locks/index.js";
