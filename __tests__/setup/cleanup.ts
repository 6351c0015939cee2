import { afterAll } from "vitest";
import { POOL_DIR_VARIABLE } from "../../src/engine/pool-location.js";
import { cleanupTempDirs, tempDir } from "../helpers/cli.js";

// Worktree pools live outside the repository (by default in the user's cache folder): each test file
// gets a pools folder of its own, passed on to the CLIs it starts (helpers/cli.ts) and removed with its
// other temp folders. __tests__/setup/pool-dir.ts fails the run if a test pool still lands in the cache.
process.env[POOL_DIR_VARIABLE] = tempDir("agent-flow-pools-");

// Every test file leaves the temp folder as it found it.
afterAll(cleanupTempDirs);
